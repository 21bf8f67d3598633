"""LMP team performance metrics: data model, demo data, imports and metric definitions.

Nothing in this package imports Streamlit; pages, exports and the CLI all call into it.
"""
