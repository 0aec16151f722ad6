"""Wagtail content of the county portal: page types, departments, taxonomy and workflows."""
