"""Service guides as .xlsx: export and import, the way catalogues arrive from the province."""
