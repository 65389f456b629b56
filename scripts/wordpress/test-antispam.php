<?php
/**
 * Plugin Name: Test anti-spam for comment-thread
 * Description: Must-use plugin of the private test WordPress (scripts/wordpress): a stand-in for an
 * anti-spam plugin that works on WordPress's `preprocess_comment` filter, as the classic comment
 * form runs it. A comment saying "ct-antispam-hold" is held for moderation, one saying
 * "ct-antispam-reject" is refused. Never install it on a real site.
 */

add_filter('preprocess_comment', function ($commentdata) {
    $content = (string) ($commentdata['comment_content'] ?? '');
    // What it saw, so a test can tell that it ran (and with which fields).
    update_option('ct_antispam_last_seen', [
        'author' => $commentdata['comment_author'] ?? null,
        'email' => $commentdata['comment_author_email'] ?? null,
        'content' => $content,
        'type' => $commentdata['comment_type'] ?? null,
    ]);
    if (strpos($content, 'ct-antispam-reject') !== false) {
        wp_die(esc_html__('Your comment looks like spam.'), 403);
    }
    if (strpos($content, 'ct-antispam-hold') !== false) {
        add_filter('pre_comment_approved', function () {
            return 0;
        }, 99);
    }
    return $commentdata;
});
