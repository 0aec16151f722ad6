"""Service guides (办事指南): the national elements of each matter, per department."""
