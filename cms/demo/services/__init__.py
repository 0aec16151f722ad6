"""Demo content of the service side: guides, and the hand-off to the service modules' demos."""
