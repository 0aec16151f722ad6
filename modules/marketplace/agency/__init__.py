"""The agency area (机构专区) of the marketplace: registration, login and the agency's own pages.

Agency accounts are ordinary users with an ``Agency`` and no staff or admin access; they never
see the Wagtail admin. Every page here shows the logged-in agency's own records only.
"""
