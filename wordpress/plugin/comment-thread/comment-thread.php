<?php
/**
 * Plugin Name:       Comment Thread
 * Description:       Replaces the theme's comment list and form with the <comment-thread> web component, talking to WordPress's own REST API.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * License:           MIT
 * Text Domain:       comment-thread
 *
 * No build step: the element's bundle (comment-thread.js, from the npm package's dist/) lives in
 * assets/, put there by `node scripts/wordpress/package-plugin.mjs`. A site that serves the bundle
 * elsewhere sets the `comment_thread_script_url` filter instead. Without a bundle the plugin changes
 * nothing, so the theme's own comments stay.
 */

if (!defined('ABSPATH')) {
    exit;
}

// Readers edit and delete their own comments; deleted comments with replies stay as placeholders.
require_once __DIR__ . '/includes/own-comments.php';
// The first page printed on the server, WordPress's own form for readers without JavaScript.
require_once __DIR__ . '/includes/server-render.php';
// The change log the element polls for live updates.
require_once __DIR__ . '/includes/changes.php';
// Settings → Discussion: the element's colour scheme, reactions on or off.
require_once __DIR__ . '/includes/settings.php';
// Reactions ("like") from logged-in readers, when the site turns them on.
require_once __DIR__ . '/includes/reactions.php';
// Reports, the reported queue and bans, for moderation beside WordPress's own REST API.
require_once __DIR__ . '/includes/moderation.php';
// Comments → Comment Thread queue: the <comment-moderation> element for moderators.
require_once __DIR__ . '/includes/moderation-page.php';

/** The plugin's own strings (languages/comment-thread.pot is their template). */
add_action('init', function () {
    load_plugin_textdomain('comment-thread', false, dirname(plugin_basename(__FILE__)) . '/languages');
});

/** The URL of the element's ES module, or '' when there is none (then nothing is replaced). */
function comment_thread_script_url(): string
{
    $bundled = __DIR__ . '/assets/comment-thread.js';
    $url = file_exists($bundled) ? plugins_url('assets/comment-thread.js', __FILE__) : '';
    return (string) apply_filters('comment_thread_script_url', $url);
}

/** Whether this post's comments are shown by the element: comments open, or closed with comments to read. */
function comment_thread_applies($post = null): bool
{
    $post = get_post($post);
    if (!$post || post_password_required($post) || comment_thread_script_url() === '') {
        return false;
    }
    $applies = comments_open($post) || get_comments_number($post) > 0;
    return (bool) apply_filters('comment_thread_applies', $applies, $post);
}

/**
 * Guests may comment through the REST API exactly when the site takes guest comments
 * (Settings → Discussion: "Users must be registered and logged in to comment" off).
 */
function comment_thread_allow_anonymous_rest_comments($allow)
{
    return $allow || !get_option('comment_registration');
}
add_filter('rest_allow_anonymous_comments', 'comment_thread_allow_anonymous_rest_comments');

/**
 * A guest's comment through the REST API goes through `preprocess_comment`, as one from the classic
 * form (wp-comments-post.php) does. WordPress's REST route skips that filter, and anti-spam plugins
 * hook there. It runs before WordPress decides on approval (`pre_comment_approved`), so a plugin
 * may hold the comment, change it, or refuse it (`wp_die`, answered as a JSON error).
 */
/** A `preprocess_comment` hook refused the comment with wp_die(). */
class Comment_Thread_Refused extends Exception
{
    /** @var int */
    public $status;

    public function __construct($message, int $status)
    {
        if (is_wp_error($message)) {
            $message = $message->get_error_message();
        }
        parent::__construct(wp_strip_all_tags((string) $message));
        $this->status = $status >= 400 && $status < 600 ? $status : 403;
    }
}

function comment_thread_rest_preprocess_comment($prepared, $request)
{
    if (is_wp_error($prepared) || !is_array($prepared) || $request->get_method() !== 'POST' || !empty($prepared['user_id']) || is_user_logged_in()) {
        return $prepared;
    }
    if (!comment_thread_allow_anonymous_rest_comments(false) || $request->get_route() !== '/wp/v2/comments') {
        return $prepared;
    }
    $prepared += ['comment_type' => 'comment', 'user_id' => 0, 'comment_parent' => 0];
    $prepared['user_ID'] = 0;
    // A hook that refuses with wp_die() would end the request before WordPress adds its CORS
    // headers: turn it into an error answer instead.
    $handler = function () {
        return function ($message, $title = '', $args = []) {
            throw new Comment_Thread_Refused($message, is_array($args) ? (int) ($args['response'] ?? 0) : (int) $args);
        };
    };
    add_filter('wp_die_json_handler', $handler, PHP_INT_MAX);
    add_filter('wp_die_handler', $handler, PHP_INT_MAX);
    try {
        $filtered = apply_filters('preprocess_comment', $prepared);
    } catch (Comment_Thread_Refused $refused) {
        return new WP_Error('comment_thread_refused', $refused->getMessage(), ['status' => $refused->status]);
    } finally {
        remove_filter('wp_die_json_handler', $handler, PHP_INT_MAX);
        remove_filter('wp_die_handler', $handler, PHP_INT_MAX);
    }
    if (is_wp_error($filtered) || !is_array($filtered)) {
        return $filtered;
    }
    unset($filtered['user_ID']);
    return $filtered;
}
add_filter('rest_preprocess_comment', 'comment_thread_rest_preprocess_comment', 20, 2);

/**
 * The element writes Markdown and posts it as HTML. Let guests' comments keep the block tags that
 * Markdown makes (lists, code blocks, tables), so what is stored looks like the preview.
 */
add_filter('wp_kses_allowed_html', function ($tags, $context) {
    if ($context !== 'pre_comment_content') {
        return $tags;
    }
    foreach (['ul', 'li', 'pre', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub'] as $tag) {
        $tags[$tag] = $tags[$tag] ?? [];
    }
    $tags['ol'] = ['start' => true];
    return $tags;
}, 10, 2);

/** The `<comment-thread>` element for a post, with everything the provider needs as attributes. */
function comment_thread_markup($post = null): string
{
    $post = get_post($post);
    if (!$post) {
        return '';
    }
    $permalink = get_permalink($post);
    $attributes = [
        'provider' => 'wordpress',
        'endpoint' => rest_url(),
        'thread-id' => (string) $post->ID,
        'thread-title' => wp_strip_all_tags(html_entity_decode(get_the_title($post), ENT_QUOTES, get_bloginfo('charset'))),
        'order' => get_option('comment_order') === 'desc' ? 'newest' : 'oldest',
        'required-fields' => get_option('require_name_email') ? 'name email' : '',
        'login-url' => wp_login_url($permalink . '#comments'),
        'login-label' => wp_strip_all_tags(html_entity_decode(get_bloginfo('name'), ENT_QUOTES)),
        'lang' => get_bloginfo('language'),
        // The site runs this plugin: readers may report comments (its routes).
        'wp-plugin' => '',
    ];
    // Right-to-left languages (Arabic, Hebrew…) lay the element out right to left.
    if (is_rtl()) {
        $attributes['dir'] = 'rtl';
    }
    /**
     * Live updates (the change log, polled by the element), on unless a site turns them off with
     * `add_filter('comment_thread_live_updates', '__return_false')`.
     */
    if (apply_filters('comment_thread_live_updates', true, $post)) {
        // They resume from the moment this page's comments are read (just before, so a change is
        // either in the page or comes live; nothing the page has is sent again).
        $attributes['wp-since'] = comment_thread_now_us();
    }
    if (get_option('thread_comments')) {
        $attributes['max-depth'] = (string) max(1, (int) get_option('thread_comments_depth', 5));
    } else {
        $attributes['max-depth'] = '1';
    }
    if (get_option('comment_registration')) {
        $attributes['sign-in-required'] = '';
    }
    // Settings → Discussion → Show Avatars off: no avatars, not even initials.
    if (!get_option('show_avatars')) {
        $attributes['avatars'] = 'none';
    }
    // Reactions on: the provider offers them (the element shows none otherwise).
    if (comment_thread_reactions()) {
        $attributes['wp-reactions'] = implode(' ', comment_thread_reactions());
    }
    $theme = comment_thread_theme();
    if ($theme !== '') {
        $attributes['theme'] = $theme;
    }
    if (is_user_logged_in()) {
        // Cookie authentication for the REST API: the element sends it as X-WP-Nonce. Not `nonce`:
        // browsers hide that attribute's value on pages sent with a Content-Security-Policy header.
        $attributes['wp-nonce'] = wp_create_nonce('wp_rest');
        $attributes['logout-url'] = wp_logout_url($permalink);
    }
    $attributes = apply_filters('comment_thread_attributes', $attributes, $post);

    $html = '<comment-thread';
    foreach ($attributes as $name => $value) {
        $html .= ' ' . esc_attr($name) . ($value === '' && in_array($name, ['sign-in-required', 'wp-plugin'], true) ? '' : '="' . esc_attr($value) . '"');
    }
    // Inside: the first page as plain markup and WordPress's comment form (what readers without
    // JavaScript get, and what shows while the script loads), and its records for the element.
    $html .= '>' . comment_thread_server_markup($post, $attributes) . '</comment-thread>';
    return '<section id="comments" class="comment-thread-comments">' . $html . '</section>';
}

/** Loads the element's module on the pages that show it. */
add_action('wp_enqueue_scripts', function () {
    if (is_singular() && comment_thread_applies()) {
        // No `?ver=`: the bundle's chunks import it by its plain URL, and a second URL would load
        // a second copy of the module.
        wp_enqueue_script('comment-thread', comment_thread_script_url(), [], null, true);
        // A few rules for the printed thread, so it lays out like the element that replaces it.
        wp_enqueue_style('comment-thread', plugins_url('css/comment-thread.css', __FILE__), [], '0.1.0');
    }
});
add_filter('script_loader_tag', function ($tag, $handle, $src) {
    if ($handle !== 'comment-thread') {
        return $tag;
    }
    return '<script type="module" src="' . esc_url($src) . '" id="comment-thread-js"></script>' . "\n";
}, 10, 3);

/** Classic themes: comments_template() loads our template instead of the theme's comments.php. */
add_filter('comments_template', function ($template) {
    return comment_thread_applies() ? __DIR__ . '/templates/comments.php' : $template;
});

/** Block themes: the Comments block (and the older Post Comments block) renders the element. */
function comment_thread_render_block($content, $block, $instance = null)
{
    $post_id = $instance->context['postId'] ?? get_the_ID();
    return comment_thread_applies($post_id) ? comment_thread_markup($post_id) : $content;
}
add_filter('render_block_core/comments', 'comment_thread_render_block', 10, 3);
add_filter('render_block_core/post-comments', 'comment_thread_render_block', 10, 3);
// A lone comment form block would be a second form beside the element's own.
add_filter('render_block_core/post-comments-form', function ($content) {
    return is_singular() && comment_thread_applies() ? '' : $content;
});
