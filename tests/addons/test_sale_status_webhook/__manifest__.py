# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Sale Status Automation: webhook channel (test)",
    "summary": "A channel added the way another addon adds one: the README's "
    "'Adding a channel' recipe, installed and tested by make test",
    "version": "19.0.1.0.0",
    "category": "Hidden/Tests",
    "author": "Sale Status Automation contributors",
    "license": "LGPL-3",
    "depends": ["sale_status_automation"],
    "data": [
        "views/sale_status_rule_views.xml",
        "data/sale_status_library_data.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "test_sale_status_webhook/static/tests/tours/*",
        ],
    },
    "installable": True,
}
