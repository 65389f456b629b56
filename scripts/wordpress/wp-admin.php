<?php
/**
 * Small admin actions on the running test WordPress, for test controls:
 *   php wp-admin.php STATE/wp URL option NAME VALUE   (update_option)
 *   php wp-admin.php STATE/wp URL plugin on|off       (activate or deactivate comment-thread)
 *   php wp-admin.php STATE/wp URL uninstall           (Plugins → Delete: uninstall.php, then the files)
 *   php wp-admin.php STATE/wp URL stored              (prints what the plugin stored, as JSON)
 */
if (PHP_SAPI !== 'cli') {
    exit(1);
}
// Constants: loading WordPress overwrites globals such as $action.
define('CT_ARGS', $argv);
[$_, $root, $siteUrl] = $argv;
$url = parse_url($siteUrl);
$_SERVER['HTTP_HOST'] = $url['host'] . ':' . $url['port'];
$_SERVER['SERVER_NAME'] = $url['host'];
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['REMOTE_ADDR'] = '127.0.0.1';
require $root . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

$ct_action = CT_ARGS[3];
if ($ct_action === 'option') {
    update_option(CT_ARGS[4], CT_ARGS[5]);
} elseif ($ct_action === 'plugin') {
    $plugin = 'comment-thread/comment-thread.php';
    $result = CT_ARGS[4] === 'on' ? activate_plugin($plugin) : deactivate_plugins($plugin);
    if (is_wp_error($result)) {
        fwrite(STDERR, $result->get_error_message() . "\n");
        exit(1);
    }
} elseif ($ct_action === 'uninstall') {
    // As Plugins → Delete does: uninstall.php runs, then the files go.
    $plugin = 'comment-thread/comment-thread.php';
    deactivate_plugins($plugin);
    uninstall_plugin($plugin);
    require_once ABSPATH . 'wp-admin/includes/file.php';
    $result = delete_plugins([$plugin]);
    if (is_wp_error($result) || !$result) {
        fwrite(STDERR, "delete_plugins failed\n");
        exit(1);
    }
} elseif ($ct_action === 'stored') {
    // What the plugin stored, for the uninstall test: counts of its meta rows and its option.
    global $wpdb;
    echo wp_json_encode([
        'commentMeta' => (int) $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->commentmeta} WHERE meta_key LIKE '\\_comment\\_thread\\_%'"),
        'postMeta' => (int) $wpdb->get_var("SELECT COUNT(*) FROM {$wpdb->postmeta} WHERE meta_key LIKE '\\_comment\\_thread\\_%'"),
        'option' => get_option('comment_thread_theme', null),
        // Every option of the plugin's (its settings, the bans).
        'options' => array_map('strval', $wpdb->get_col("SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE 'comment\\_thread\\_%' ORDER BY option_name")),
        'pluginFiles' => file_exists(WP_PLUGIN_DIR . '/comment-thread/comment-thread.php'),
    ]) . "\n";
    exit(0);
} else {
    fwrite(STDERR, "unknown action {$ct_action}\n");
    exit(1);
}
echo "ok\n";
