import { Thread } from "@mail/core/common/thread_model";
import { fields } from "@mail/model/misc";
import { patch } from "@web/core/utils/patch";

patch(Thread.prototype, {
    setup() {
        super.setup();
        /** Sent by the server to internal users only. */
        this.sale_status_whisper_ids = fields.Many("sale.status.whisper", {
            sort: (a, b) => a.date - b.date || a.id - b.id,
        });
    },
});
