import { Record } from "@mail/core/common/record";
import { fields } from "@mail/model/misc";

/** A staff-only note of a live chat conversation (models/sale_status_whisper.py). */
export class SaleStatusWhisper extends Record {
    static _name = "sale.status.whisper";
    static id = "id";

    /** @type {number} */
    id;
    body = fields.Html("");
    author_id = fields.One("res.partner");
    date = fields.Datetime();
}
SaleStatusWhisper.register();
