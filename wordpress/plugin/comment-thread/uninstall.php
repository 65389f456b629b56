<?php
/**
 * Deleting the plugin (Plugins → Delete) removes what it stored: its settings, the comments' edit
 * times, change-log marks and likes, and the posts' logs of deleted comments. The comments themselves are
 * WordPress's and stay.
 */
if (!defined('WP_UNINSTALL_PLUGIN')) {
    exit;
}

delete_option('comment_thread_theme');
delete_option('comment_thread_reactions');
delete_option('comment_thread_bans');
delete_metadata('comment', 0, '_comment_thread_edited_gmt', '', true);
delete_metadata('comment', 0, '_comment_thread_changed', '', true);
delete_metadata('comment', 0, '_comment_thread_likes', '', true);
delete_metadata('comment', 0, '_comment_thread_reports', '', true);
delete_metadata('post', 0, '_comment_thread_removed', '', true);
