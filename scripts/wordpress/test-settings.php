<?php
/**
 * Plugin Name: Test settings for comment-thread
 * Description: Must-use plugin of the private test WordPress (scripts/wordpress). Never install it on a real site.
 */

// Anonymous REST comments, as a site that allows guest comments needs. When the comment-thread
// plugin is active it decides this itself (and its tests check that it does), so stand aside.
add_action('plugins_loaded', function () {
    if (!function_exists('comment_thread_allow_anonymous_rest_comments')) {
        add_filter('rest_allow_anonymous_comments', '__return_true');
    }
});

// Tests post many comments from one address within seconds: no flood check.
add_filter('wp_is_comment_flood', '__return_false', 99);

// There is no mail server here: every notification is dropped, successfully.
add_filter('pre_wp_mail', '__return_true');

// ?ct-test-csp: the page comes with a Content-Security-Policy header (browsers then hide the value
// of every `nonce` attribute in it). The policy itself blocks nothing the tests use.
add_action('send_headers', function () {
    if (isset($_GET['ct-test-csp'])) {
        header("Content-Security-Policy: object-src 'none'");
    }
});

// ?ct-test-legacy-nonce: the element carries the nonce as `nonce`, as markup written before
// `wp-nonce` does.
add_filter('comment_thread_attributes', function ($attributes) {
    if (isset($_GET['ct-test-legacy-nonce'], $attributes['wp-nonce'])) {
        $attributes['nonce'] = $attributes['wp-nonce'];
        unset($attributes['wp-nonce']);
    }
    return $attributes;
});

// The option ct_test_no_author_delete: authors may not trash their own comments (the plugin's
// comment_thread_author_can_delete filter, as a site would turn it off).
add_filter('comment_thread_author_can_delete', function ($allowed) {
    return get_option('ct_test_no_author_delete') ? false : $allowed;
});

// The option ct_test_live_updates_off: the plugin's live updates off (its comment_thread_live_updates
// filter, as a site would turn them off).
add_filter('comment_thread_live_updates', function ($on) {
    return get_option('ct_test_live_updates_off') ? false : $on;
});
