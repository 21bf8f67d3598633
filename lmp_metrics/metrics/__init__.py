"""Queries: SQL over the marts and contract tables → DataFrames (no Streamlit, no figures)."""
