"""Admin screens of the column check: runs, findings and rectification, ranking, the home panel."""
