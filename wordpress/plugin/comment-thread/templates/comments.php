<?php
/**
 * The comments template for classic themes while Comment Thread is active: the element replaces the
 * theme's comment list and form.
 */
if (!defined('ABSPATH')) {
    exit;
}
echo comment_thread_markup(get_the_ID()); // phpcs:ignore WordPress.Security.EscapeOutput -- built with esc_attr.
