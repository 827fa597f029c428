import { Component } from "@odoo/owl";

const { DateTime } = luxon;

export class SaleStatusWhisperCard extends Component {
    static template = "sale_status_automation.Whisper";
    static props = ["whisper"];

    /** As a message shows its time: the hour today, else the date too. */
    get time() {
        const date = this.props.whisper.date;
        if (!date) {
            return "";
        }
        return date.hasSame(DateTime.now(), "day")
            ? date.toLocaleString(DateTime.TIME_SIMPLE)
            : date.toLocaleString(DateTime.DATETIME_SHORT);
    }
}
