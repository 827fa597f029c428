# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Sale Status Automation",
    "summary": "Order status pipeline with automated robocalls, SMS, email "
    "and live-chat messages to the customer",
    "version": "19.0.1.8.0",
    "category": "Sales/Sales",
    "website": "https://github.com/sale-status-automation/sale_status_automation",
    "author": "Sale Status Automation contributors",
    "maintainers": ["sale-status-automation"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "external_dependencies": {
        "python": ["phonenumbers", "twilio"],
    },
    "depends": [
        "sale_management",
        "sale_stock",
        "sms",
        "sms_twilio",
        "im_livechat",
        "queue_job",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/sale_status_security.xml",
        "data/sale.status.voice.csv",
        "data/sale_order_stage_data.xml",
        "data/queue_job_data.xml",
        "data/ir_cron_data.xml",
        "data/sale_status_trigger_data.xml",
        "data/sale_status_library_data.xml",
        "views/sale_status_wizard_views.xml",
        "views/sale_status_execution_views.xml",
        "views/sale_status_reply_views.xml",
        "views/sale_status_call_views.xml",
        "views/sale_status_rule_views.xml",
        "views/sale_status_rule_statistics_views.xml",
        "views/sale_order_stage_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/sms_twilio_account_manage_views.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "sale_status_automation/static/src/whisper/*",
        ],
        "web.assets_tests": [
            "sale_status_automation/static/tests/tours/*",
        ],
    },
    "demo": [
        "demo/sale_status_rule_demo.xml",
        "demo/sale_order_demo.xml",
    ],
    "pre_init_hook": "pre_init_hook",
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
}
