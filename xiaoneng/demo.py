"""What ``manage.py demo_city`` loads, in order.  Each loader takes the shared ``city`` dict
(departments, staff, ... filled by the loaders before it) and adds its own data by calling
the real services."""

DEMO_LOADERS = [
    "xiaoneng.org.demo.load",
    "xiaoneng.catalogue.demo.load",
    "xiaoneng.applications.demo.load",
    "xiaoneng.workorders.demo.load",
    # Routing model from the closed cases above, hot issues and the problem register.
    "xiaoneng.insights.demo.load",
    # Electronic supervision runs over the clocks the loaders above created.
    "xiaoneng.supervision.demo.load",
    "xiaoneng.inspections.demo.load",
    "xiaoneng.accountability.demo.load",
    # Ratings on the finished cases, a finished appraisal (its bottom units carded), commitments, a policy.
    "xiaoneng.evaluation.demo.load",
    "xiaoneng.supervision.demo.load_bulletin",
]
