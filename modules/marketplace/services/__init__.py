"""The domain services of the marketplace: every rule of the issue is enforced here, not in views.

Modules: ``sealing`` (sealed quotes), ``audit`` (the audit log), ``agencies`` (registration, review,
qualifications, who may bid), ``projects`` (publication, sign-ups, quotes, the state machine and the
deadlines), ``lottery`` (the verifiable draw), ``bidding`` (ranking of quotes), ``credit`` (ratings,
sanctions, objections and complaints), ``contracts`` (contract record, results, evaluation),
``notices`` (e-mail to the owner), ``statistics``. Errors a person can fix raise
``errors.MarketplaceError`` with a Chinese message.
"""
