import { Component } from "@odoo/owl";

const { DateTime } = luxon;

export class SaleStatusWhisperCard extends Component {
    static template = "sale_status_automation.Whisper";
    static props = ["whisper"];

    get time() {
        return this.props.whisper.date?.toLocaleString(DateTime.DATETIME_SHORT) || "";
    }
}
