# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
# Tests run by make test in a second database, where website_sale and
# website_livechat are installed (scripts/test.sh); Odoo's own test loader
# does not import this package.
