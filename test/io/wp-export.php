<?php
/**
 * For test/io/wordpress.test.mjs: on the running test WordPress, writes a post with a
 * conversation through WordPress's own functions, then runs WordPress's export_wp() (what
 * Tools → Export does) into a file, and prints what WordPress holds as JSON.
 *   php wp-export.php STATE/wp URL OUT.xml
 */
if (PHP_SAPI !== 'cli') {
    exit(1);
}
define('CT_ARGS', $argv);
[$_, $root, $siteUrl, $out] = $argv;
$url = parse_url($siteUrl);
$_SERVER['HTTP_HOST'] = $url['host'] . ':' . $url['port'];
$_SERVER['SERVER_NAME'] = $url['host'];
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['REMOTE_ADDR'] = '127.0.0.1';
require $root . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/export.php';

$admin = get_user_by('login', 'admin');
$ct_post = wp_insert_post([
    'post_title' => 'Imported & exported',
    'post_content' => 'A post for the import test.',
    'post_status' => 'publish',
    'post_author' => $admin->ID,
], true);
if (is_wp_error($ct_post)) {
    fwrite(STDERR, $ct_post->get_error_message() . "\n");
    exit(1);
}
$ids = [];
$add = function ($key, $fields) use ($ct_post, &$ids) {
    $fields += [
        'comment_post_ID' => $ct_post,
        'comment_author_url' => '',
        'comment_type' => 'comment',
        'comment_approved' => 1,
        'user_id' => 0,
    ];
    if (isset($fields['parent'])) {
        $fields['comment_parent'] = $ids[$fields['parent']];
        unset($fields['parent']);
    }
    $id = wp_insert_comment(wp_slash($fields));
    if (!$id) {
        fwrite(STDERR, "wp_insert_comment {$key} failed\n");
        exit(1);
    }
    $ids[$key] = $id;
};
$add('top', ['comment_author' => 'Ann Guest', 'comment_author_email' => 'ann@guest.example', 'comment_author_url' => 'https://ann.example/',
    'comment_content' => "First line\nsecond line\n\nA new paragraph with <em>emphasis</em> & an ampersand.", 'comment_date_gmt' => '2024-03-01 10:00:00', 'comment_date' => '2024-03-01 11:00:00']);
$add('owner', ['parent' => 'top', 'comment_author' => $admin->display_name, 'comment_author_email' => $admin->user_email, 'user_id' => $admin->ID,
    'comment_content' => 'Thanks, Ann.', 'comment_date_gmt' => '2024-03-01 12:00:00', 'comment_date' => '2024-03-01 13:00:00']);
$add('held', ['parent' => 'owner', 'comment_author' => 'Held Guest', 'comment_author_email' => 'held@guest.example', 'comment_approved' => 0,
    'comment_content' => 'Waiting for moderation.', 'comment_date_gmt' => '2024-03-02 09:00:00', 'comment_date' => '2024-03-02 10:00:00']);
$add('spam', ['comment_author' => 'Spammer', 'comment_author_email' => 'spam@spam.example', 'comment_approved' => 'spam',
    'comment_content' => 'Cheap watches', 'comment_date_gmt' => '2024-03-02 10:00:00', 'comment_date' => '2024-03-02 11:00:00']);
$add('trashed', ['comment_author' => 'Regretful', 'comment_author_email' => 'regret@guest.example', 'comment_approved' => 'trash',
    'comment_content' => 'Something I regret', 'comment_date_gmt' => '2024-03-03 09:00:00', 'comment_date' => '2024-03-03 10:00:00']);
$add('under-trash', ['parent' => 'trashed', 'comment_author' => 'Bob Guest', 'comment_author_email' => 'bob@guest.example',
    'comment_content' => 'A reply to a trashed comment.', 'comment_date_gmt' => '2024-03-03 10:00:00', 'comment_date' => '2024-03-03 11:00:00']);
$add('pingback', ['comment_author' => 'Other blog', 'comment_author_url' => 'https://other.example/', 'comment_type' => 'pingback',
    'comment_content' => '[…] a link […]', 'comment_date_gmt' => '2024-03-04 09:00:00', 'comment_date' => '2024-03-04 10:00:00']);

ob_start();
export_wp(['content' => 'all']);
file_put_contents($out, ob_get_clean());

global $wpdb;
$all = $wpdb->get_results("SELECT comment_ID, comment_post_ID, comment_approved, comment_type, comment_parent FROM {$wpdb->comments}", ARRAY_A);
echo json_encode(['post' => $ct_post, 'postUrl' => get_permalink($ct_post), 'adminId' => $admin->ID, 'ids' => $ids, 'all' => $all]) . "\n";
