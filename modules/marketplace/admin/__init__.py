"""The Wagtail admin of the marketplace (menu 「中介服务超市」): owners' projects and the operator's work."""
