"""Trade statistics and the Time Release Study: read models, queries, exports."""
