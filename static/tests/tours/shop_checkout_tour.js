import { registry } from "@web/core/registry";

/** A customer buys at /shop and pays by wire transfer: the cart becomes an
 * order waiting for its payment. Plain selectors: this file is loaded in
 * databases without website_sale too, so it imports nothing of it. */
registry.category("web_tour.tours").add("sale_status_automation_shop_checkout_tour", {
    steps: () => [
        {
            content: "Add the product to the cart",
            trigger: "#product_detail form #add_to_cart",
            run: "click",
        },
        {
            content: "Go to the cart",
            trigger: "a sup.my_cart_quantity:text(1)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            // The customer's address is known and nothing is shipped: the
            // checkout goes on to the payment.
            content: "Check out",
            trigger: 'a[href^="/shop/checkout"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Choose the wire transfer",
            trigger: 'input[name="o_payment_radio"][data-payment-method-code="wire_transfer"]',
            run: "click",
        },
        {
            content: "Pay",
            trigger: 'button[name="o_payment_submit_button"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The order is placed, waiting for the transfer",
            trigger: 'h3:contains("Thank you for your order")',
            timeout: 30000,
        },
    ],
});
