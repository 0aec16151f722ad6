"""The marketplace's public pages: project notices, result notices, the agency directory and statistics."""
