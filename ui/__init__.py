"""The one Streamlit-aware layer: cached connection, shared filters in the URL, page chrome."""
