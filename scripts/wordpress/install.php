<?php
/**
 * Installs and seeds the private test WordPress without wp-cli:
 *   php install.php STATE/wp CONFIG.json
 * CONFIG: { "url", "seed" (the fixture's path), "adminPassword", "readerPassword", "julianPassword" }.
 * Prints one JSON object: the ids and credentials the tests use.
 */
if (PHP_SAPI !== 'cli') {
    exit(1);
}
[$_, $root, $configFile] = $argv;
$config = json_decode(file_get_contents($configFile), true);
$url = parse_url($config['url']);

$_SERVER['HTTP_HOST'] = $url['host'] . ':' . $url['port'];
$_SERVER['SERVER_NAME'] = $url['host'];
$_SERVER['SERVER_PORT'] = $url['port'];
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['REMOTE_ADDR'] = '127.0.0.1';
define('WP_INSTALLING', true);

require $root . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

$installed = wp_install('Comment Thread Test Site', 'admin', 'admin@example.test', true, '', $config['adminPassword']);
$adminId = (int) $installed['user_id'];

// Pretty permalinks, so both /wp-json/… and ?rest_route=… are exercised.
update_option('permalink_structure', '/%postname%/');
delete_option('rewrite_rules');
// WordPress's own defaults, stated here because the tests rely on them.
update_option('comment_registration', 0);
update_option('require_name_email', 1);
update_option('comment_previously_approved', 1); // a first-time guest is held for moderation
update_option('comment_moderation', 0);
update_option('thread_comments', 1);
update_option('thread_comments_depth', 5);
update_option('show_avatars', 1);
update_option('page_comments', 0);
update_option('comment_order', 'asc');

$julianId = wp_insert_user([
    'user_login' => 'julian',
    'user_pass' => $config['julianPassword'],
    'user_email' => 'julian@example.test',
    'display_name' => 'Julian',
    'first_name' => 'Julian',
    'role' => 'author',
]);
$readerId = wp_insert_user([
    'user_login' => 'reader',
    'user_pass' => $config['readerPassword'],
    'user_email' => 'reader@example.test',
    'display_name' => 'Rita Reader',
    'role' => 'subscriber',
]);

function seed_post(string $title, int $author, string $status, string $date): int
{
    return wp_insert_post([
        'post_title' => $title,
        'post_content' => "<!-- wp:paragraph -->\n<p>{$title}: the post's text.</p>\n<!-- /wp:paragraph -->",
        'post_status' => 'publish',
        'post_author' => $author,
        'comment_status' => $status,
        'post_date_gmt' => $date,
        'post_date' => $date,
    ], true);
}

// The seed thread: Julian, a user, wrote the post and two of its replies.
$seed = json_decode(file_get_contents($config['seed']), true);
$mythId = seed_post($seed['thread']['title'], $julianId, 'open', '2011-03-13 08:00:00');
$ids = [];
foreach ($seed['comments'] as $index => $comment) {
    $owner = !empty($comment['author']['isThreadOwner']);
    $date = gmdate('Y-m-d H:i:s', strtotime($comment['createdAt']));
    $ids[$comment['id']] = wp_insert_comment([
        'comment_post_ID' => $mythId,
        'comment_parent' => $comment['parentId'] ? $ids[$comment['parentId']] : 0,
        'comment_author' => $comment['author']['name'],
        'comment_author_email' => $owner ? 'julian@example.test' : strtolower($comment['author']['name']) . $index . '@example.test',
        'comment_author_url' => $comment['author']['name'] === 'Bret' ? 'https://bret.example.test/' : '',
        'comment_content' => $comment['body'],
        'comment_date' => $date,
        'comment_date_gmt' => $date,
        'comment_approved' => 1,
        'user_id' => $owner ? $julianId : 0,
    ]);
}

// A second, empty post that tests post to.
$openId = seed_post('A second post', $julianId, 'open', '2011-04-01 08:00:00');

// More than two pages of 100: 230 comments, every tenth answered by the one before it.
$manyId = seed_post('Many comments', $adminId, 'open', '2011-05-01 08:00:00');
$base = strtotime('2012-01-01 00:00:00');
$previous = 0;
for ($i = 1; $i <= 230; $i++) {
    $date = gmdate('Y-m-d H:i:s', $base + $i * 60);
    $previous = wp_insert_comment([
        'comment_post_ID' => $manyId,
        'comment_parent' => ($i % 10 === 0) ? $previous : 0,
        'comment_author' => 'Reader ' . $i,
        'comment_author_email' => 'reader' . $i . '@example.test',
        'comment_content' => 'Comment number ' . $i,
        'comment_date' => $date,
        'comment_date_gmt' => $date,
        'comment_approved' => 1,
    ]);
}

// Comments closed: what was said stays readable.
$closedId = seed_post('A closed post', $julianId, 'closed', '2011-06-01 08:00:00');
wp_insert_comment([
    'comment_post_ID' => $closedId,
    'comment_author' => 'Early Bird',
    'comment_author_email' => 'early@example.test',
    'comment_content' => 'Said before the doors closed.',
    'comment_date' => '2011-06-02 08:00:00',
    'comment_date_gmt' => '2011-06-02 08:00:00',
    'comment_approved' => 1,
]);

[$readerAppPassword] = WP_Application_Passwords::create_new_application_password($readerId, ['name' => 'comment-thread tests']);
[$adminAppPassword] = WP_Application_Passwords::create_new_application_password($adminId, ['name' => 'comment-thread tests']);
[$julianAppPassword] = WP_Application_Passwords::create_new_application_password($julianId, ['name' => 'comment-thread tests']);

echo json_encode([
    'posts' => ['myth' => $mythId, 'open' => $openId, 'many' => $manyId, 'closed' => $closedId],
    'seedComments' => $ids,
    'users' => [
        'admin' => ['id' => $adminId, 'login' => 'admin', 'password' => $config['adminPassword'], 'appPassword' => $adminAppPassword],
        'julian' => ['id' => $julianId, 'login' => 'julian', 'password' => $config['julianPassword'], 'appPassword' => $julianAppPassword],
        'reader' => ['id' => $readerId, 'login' => 'reader', 'password' => $config['readerPassword'], 'appPassword' => $readerAppPassword, 'name' => 'Rita Reader'],
    ],
]), "\n";
