"""The checks of the monthly column check; each returns ``Defect`` records, writing nothing."""
