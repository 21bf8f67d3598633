"""Page sections that several pages share: a table with its CSV download."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ui import formats
from ui.layout import table


def csv_download(data: pd.DataFrame | str, file_name: str, key: str, label: str = "Download CSV") -> None:
    """A button that downloads ``data`` as a CSV file (a DataFrame without its index); no rerun on click."""
    st.download_button(
        label,
        data.to_csv(index=False) if isinstance(data, pd.DataFrame) else data,
        file_name=file_name,
        mime="text/csv",
        key=key,
        on_click="ignore",
        icon=":material/download:",
    )


def table_with_csv(
    frame: pd.DataFrame,
    key: str,
    file_name: str,
    *,
    export: pd.DataFrame | str | None = None,
    label: str = "Download CSV",
    **kwargs: Any,
) -> Any:
    """A table, then a CSV download of its rows (``export`` when the file should differ from the
    screen); returns the table's selection event. Percent columns show rounded (``formats.as_shown``)
    while the file keeps full precision. The button's key is ``<key>_csv``."""
    event = table(formats.as_shown(frame, kwargs.get("column_config")), key=key, **kwargs)
    csv_download(frame if export is None else export, file_name, f"{key}_csv", label)
    return event
