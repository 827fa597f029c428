import { Thread } from "@mail/core/common/thread";
import { patch } from "@web/core/utils/patch";

import { SaleStatusWhisperCard } from "./whisper";

Thread.components = { ...Thread.components, SaleStatusWhisperCard };

/**
 * Whispers are not messages of the conversation: they are shown between the
 * messages they were written between, in the chronological (asc) order the
 * chat windows and Discuss use. The mail.Thread template and component have
 * no extension point for this; tests/test_whisper_ui.py breaks if they change.
 */
patch(Thread.prototype, {
    saleStatusWhispers(from, to) {
        const whispers = this.props.thread.sale_status_whisper_ids;
        if (!whispers?.length || this.props.order !== "asc") {
            return [];
        }
        return whispers.filter(
            (whisper) =>
                (!from || whisper.date > from.datetime) &&
                (!to || whisper.date <= to.datetime)
        );
    },
    saleStatusWhispersBefore(message, previousMessage) {
        if (!previousMessage && this.props.thread.loadOlder) {
            // Older messages are not loaded yet: their whispers wait for them.
            return [];
        }
        return this.saleStatusWhispers(previousMessage, message);
    },
    saleStatusWhispersAfter(messages) {
        if (!messages.length) {
            return this.saleStatusWhispers(null, null);
        }
        return this.saleStatusWhispers(messages.at(-1), null);
    },
});
