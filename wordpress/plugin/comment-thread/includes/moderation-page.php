<?php
/**
 * Comments → Comment Thread queue: the `<comment-moderation>` element for users who can
 * `moderate_comments` (held, spam and reported comments; approve, spam, trash, ban, close), from
 * the bundle's `assets/comment-moderation.js`. `?post=ID` shows one post's queue and its settings.
 */

if (!defined('ABSPATH')) {
    exit;
}

/** The moderation element's module URL, or '' when the package carries none. */
function comment_thread_moderation_script_url(): string
{
    $bundled = dirname(__DIR__) . '/assets/comment-moderation.js';
    $url = file_exists($bundled) ? plugins_url('assets/comment-moderation.js', dirname(__DIR__) . '/comment-thread.php') : '';
    return (string) apply_filters('comment_thread_moderation_script_url', $url);
}

add_action('admin_menu', function () {
    if (comment_thread_moderation_script_url() === '') {
        return;
    }
    $hook = add_comments_page(
        __('Comment Thread queue', 'comment-thread'),
        __('Comment Thread queue', 'comment-thread'),
        'moderate_comments',
        'comment-thread-moderation',
        'comment_thread_moderation_page'
    );
    add_action('admin_enqueue_scripts', function ($current) use ($hook) {
        if ($current === $hook) {
            wp_enqueue_script('comment-thread-moderation', comment_thread_moderation_script_url(), [], null, true);
        }
    });
});

add_filter('script_loader_tag', function ($tag, $handle, $src) {
    return $handle === 'comment-thread-moderation' ? '<script type="module" src="' . esc_url($src) . '" id="comment-thread-moderation-js"></script>' . "\n" : $tag;
}, 10, 3);

/** The page: the element with the REST root, this user's nonce, the site's language. */
function comment_thread_moderation_page(): void
{
    if (!current_user_can('moderate_comments')) {
        wp_die(esc_html__('Sorry, you are not allowed to moderate comments.', 'comment-thread'), 403);
    }
    $attributes = [
        'provider' => 'wordpress',
        'endpoint' => rest_url(),
        'wp-nonce' => wp_create_nonce('wp_rest'),
        'wp-plugin' => '',
        'lang' => get_bloginfo('language'),
    ];
    if (is_rtl()) {
        $attributes['dir'] = 'rtl';
    }
    $post = isset($_GET['post']) ? absint($_GET['post']) : 0;
    if ($post > 0 && get_post($post)) {
        $attributes['thread-id'] = (string) $post;
    }
    echo '<div class="wrap"><h1>' . esc_html__('Comment Thread queue', 'comment-thread') . '</h1><comment-moderation';
    foreach ($attributes as $name => $value) {
        echo ' ' . esc_attr($name) . ($value === '' ? '' : '="' . esc_attr($value) . '"');
    }
    echo '></comment-moderation></div>';
}
