<?php
/**
 * The plugin's settings, under Settings → Discussion: the element's colour scheme and whether
 * readers may react to comments. Avatars follow WordPress's own "Show Avatars" there (off: the
 * element gets `avatars="none"`, the printed page shows none, and the REST API sends no URLs).
 */

if (!defined('ABSPATH')) {
    exit;
}

const COMMENT_THREAD_THEMES = ['', 'auto', 'light', 'dark'];

/** The element's `theme`: '' (the page's colours), `auto`, `light` or `dark`. */
function comment_thread_theme(): string
{
    $theme = (string) get_option('comment_thread_theme', '');
    return in_array($theme, COMMENT_THREAD_THEMES, true) ? $theme : '';
}

add_action('admin_init', function () {
    register_setting('discussion', 'comment_thread_theme', [
        'type' => 'string',
        'default' => '',
        'sanitize_callback' => fn ($value) => in_array((string) $value, COMMENT_THREAD_THEMES, true) ? (string) $value : '',
    ]);
    add_settings_field(
        'comment_thread_theme',
        __('Comment Thread colours', 'comment-thread'),
        function () {
            $labels = [
                '' => __('The theme’s own colours', 'comment-thread'),
                'auto' => __('Follow the reader’s light or dark preference', 'comment-thread'),
                'light' => __('Light', 'comment-thread'),
                'dark' => __('Dark', 'comment-thread'),
            ];
            echo '<select name="comment_thread_theme" id="comment_thread_theme">';
            foreach ($labels as $value => $label) {
                echo '<option value="' . esc_attr($value) . '"' . selected(comment_thread_theme(), $value, false) . '>' . esc_html($label) . '</option>';
            }
            echo '</select>';
        },
        'discussion',
        'default',
        ['label_for' => 'comment_thread_theme']
    );
    register_setting('discussion', 'comment_thread_reactions', [
        'type' => 'boolean',
        'default' => false,
        'sanitize_callback' => fn ($value) => $value ? '1' : '',
    ]);
    add_settings_field(
        'comment_thread_reactions',
        __('Comment Thread reactions', 'comment-thread'),
        function () {
            echo '<label for="comment_thread_reactions"><input name="comment_thread_reactions" type="checkbox" id="comment_thread_reactions" value="1"'
                . checked((bool) get_option('comment_thread_reactions'), true, false) . '> '
                . esc_html__('Logged-in readers may like comments (everyone sees the counts)', 'comment-thread') . '</label>';
        },
        'discussion',
        'default'
    );
});
