"""Chart builders: DataFrames in, Plotly figures out. No Streamlit here."""
