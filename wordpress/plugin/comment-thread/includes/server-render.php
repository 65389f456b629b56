<?php
/**
 * The thread's first page, printed on the server inside `<comment-thread>`: plain, semantic markup
 * that reads without JavaScript (and in the page source, for feed readers and search engines),
 * WordPress's own comment form (it posts to wp-comments-post.php, so a comment can be left with
 * scripting off), and the page's public records as JSON, so the element takes over without asking
 * for them again.
 *
 * The records are read through the REST API as a guest (user 0), whoever is reading: held
 * comments, e-mail addresses and anything else a guest may not see never reach the page, which a
 * page cache may serve to every guest.
 */

if (!defined('ABSPATH')) {
    exit;
}

/** Records per page, as the element asks for them (its `page-size`, 50 by default). */
const COMMENT_THREAD_PAGE_SIZE = 50;

/**
 * The post's first page of comments as WordPress's REST API answers a guest:
 * ['items' => array of comment arrays, 'total' => int, 'pages' => int], or null when it fails.
 */
function comment_thread_first_page(WP_Post $post, string $order): ?array
{
    $request = new WP_REST_Request('GET', '/wp/v2/comments');
    $request->set_query_params([
        'post' => $post->ID,
        'per_page' => COMMENT_THREAD_PAGE_SIZE,
        'page' => 1,
        'order' => $order === 'newest' ? 'desc' : 'asc',
        'orderby' => 'date_gmt',
        'comment_thread_placeholders' => 1,
    ]);
    $reader = get_current_user_id();
    wp_set_current_user(0);
    try {
        $response = rest_do_request($request);
    } finally {
        wp_set_current_user($reader);
    }
    if ($response->is_error()) {
        return null;
    }
    $headers = $response->get_headers();
    $items = rest_get_server()->response_to_data($response, false);
    return [
        'items' => is_array($items) ? $items : [],
        'total' => (int) ($headers['X-WP-Total'] ?? 0),
        'pages' => (int) ($headers['X-WP-TotalPages'] ?? 1),
    ];
}

/**
 * One REST comment as the element's CommentRecord (as WordPressProvider maps it: the body is
 * `content.rendered`, a trashed comment is a placeholder with nothing of what it said).
 */
function comment_thread_record(array $item, WP_Post $post): ?array
{
    $id = (int) ($item['id'] ?? 0);
    if ($id <= 0) {
        return null;
    }
    $parent = (int) ($item['parent'] ?? 0);
    $status = ($item['status'] ?? '') === 'trash' ? 'deleted' : (($item['status'] ?? '') === 'hold' ? 'pending' : 'approved');
    $date = (string) ($item['date_gmt'] ?? '');
    $record = [
        'id' => (string) $id,
        'threadId' => (string) $post->ID,
        'parentId' => $parent > 0 && $parent !== $id ? (string) $parent : null,
        'author' => ['name' => trim((string) ($item['author_name'] ?? ''))],
        'body' => (string) ($item['content']['rendered'] ?? ''),
        'bodyFormat' => 'html',
        'createdAt' => $date !== '' ? gmdate('Y-m-d\TH:i:s\Z', strtotime($date . ' UTC')) : '1970-01-01T00:00:00.000Z',
        'status' => $status,
    ];
    if ($status === 'deleted') {
        $record['author'] = ['name' => ''];
        $record['body'] = '';
        return $record;
    }
    $edited = (string) ($item['comment_thread_edited_gmt'] ?? '');
    if ($edited !== '') {
        $record['editedAt'] = gmdate('Y-m-d\TH:i:s\Z', strtotime($edited . ' UTC'));
    }
    $url = trim((string) ($item['author_url'] ?? ''));
    if ($url !== '') {
        $record['author']['url'] = $url;
    }
    $avatars = is_array($item['author_avatar_urls'] ?? null) ? $item['author_avatar_urls'] : [];
    if ($avatars) {
        krsort($avatars, SORT_NUMERIC);
        $record['author']['avatarUrl'] = (string) reset($avatars);
    }
    // Read as a guest: counts only. The logged-in reader's own likes are marked below.
    $reactions = json_decode((string) wp_json_encode($item['comment_thread_reactions'] ?? []), true);
    if (is_array($reactions) && $reactions) {
        $record['reactions'] = $reactions;
    }
    $user = (int) ($item['author'] ?? 0);
    if ($user > 0 && $user === (int) $post->post_author) {
        $record['author']['isThreadOwner'] = true;
    }
    // Pages for logged-in readers are never served from a cache (they carry a nonce).
    if ($user > 0 && $user === get_current_user_id()) {
        $record['viewerIsAuthor'] = true;
    }
    $reader = get_current_user_id();
    if (isset($record['reactions']['like']) && $reader > 0 && in_array($reader, comment_thread_likers($id), true)) {
        $record['reactions']['like']['mine'] = true;
    }
    return $record;
}

/** What the element's ThreadInfo says for this reader on this post. */
function comment_thread_info(WP_Post $post): array
{
    $info = [
        'closed' => !comments_open($post),
        'requiredGuestFields' => get_option('require_name_email') ? ['name', 'email'] : [],
    ];
    if (get_option('comment_registration') && !is_user_logged_in()) {
        $info['requiresSignIn'] = true;
    }
    $window = comment_thread_reader_edit_window($post);
    if ($window !== null) {
        $info['editWindow'] = $window;
    }
    if (!comment_thread_reader_can_delete_own($post)) {
        $info['deleteOwn'] = false;
    }
    if (comment_thread_reactions()) {
        $info['reactions'] = comment_thread_reactions();
    }
    return $info;
}

/**
 * The records in display order with their depth, by WordPress's rule: replies read oldest first
 * under their parent; below `$max_depth` they are shown at it, right after the comment they
 * answer, saying whom they answer (as WordPress's comment walker places them).
 *
 * @return array<int, array{record: array, depth: int, inReplyTo: ?string}>
 */
function comment_thread_display_order(array $records, int $max_depth): array
{
    $by_id = [];
    foreach ($records as $record) {
        $by_id[$record['id']] = $record;
    }
    $children = [];
    $roots = [];
    foreach ($records as $record) {
        $parent = $record['parentId'];
        if ($parent !== null && isset($by_id[$parent])) {
            $children[$parent][] = $record;
        } else {
            $roots[] = $record;
        }
    }
    foreach ($children as &$list) {
        usort($list, fn ($a, $b) => strcmp($a['createdAt'], $b['createdAt']) ?: ((int) $a['id'] <=> (int) $b['id']));
    }
    unset($list);
    $shown = [];
    $seen = [];
    // Iterative depth-first walk (a stack), so no reply chain can exhaust PHP's stack.
    $stack = [];
    foreach (array_reverse($roots) as $root) {
        $stack[] = [$root, 1, null];
    }
    while ($stack) {
        [$record, $depth, $in_reply_to] = array_pop($stack);
        if (isset($seen[$record['id']])) {
            continue;
        }
        $seen[$record['id']] = true;
        $shown[] = ['record' => $record, 'depth' => $depth, 'inReplyTo' => $in_reply_to];
        $replies = $children[$record['id']] ?? [];
        $clamped = $depth >= $max_depth;
        $name = $record['status'] === 'deleted' ? '' : $record['author']['name'];
        foreach (array_reverse($replies) as $reply) {
            $stack[] = [$reply, $clamped ? $depth : $depth + 1, $clamped ? $name : null];
        }
    }
    return $shown;
}

/** An avatar: the image when it comes from the site's own origin, else the name's first letter (no third-party request). */
function comment_thread_avatar_markup(array $author): string
{
    $url = $author['avatarUrl'] ?? '';
    $home = wp_parse_url(home_url());
    $parts = $url !== '' ? wp_parse_url($url) : false;
    if ($parts && ($parts['host'] ?? '') === ($home['host'] ?? '') && ($parts['port'] ?? null) === ($home['port'] ?? null)) {
        return '<img class="avatar" src="' . esc_url($url) . '" alt="" width="40" height="40" loading="lazy" decoding="async">';
    }
    $initial = function_exists('mb_substr') ? mb_substr($author['name'], 0, 1) : substr($author['name'], 0, 1);
    return '<span class="avatar comment-thread-initial" aria-hidden="true">' . esc_html($initial) . '</span>';
}

/** One comment's markup (without its closing `</li>`: replies nest inside). */
function comment_thread_comment_markup(array $node, WP_Post $post): string
{
    $record = $node['record'];
    $id = (int) $record['id'];
    if ($record['status'] === 'deleted') {
        return '<li id="comment-' . $id . '" class="comment depth-' . $node['depth'] . ' comment-thread-deleted"><article class="comment-body"><p>'
            . esc_html__('This comment was deleted.', 'comment-thread') . '</p></article>';
    }
    $author = $record['author'];
    $name = esc_html($author['name']);
    if (!empty($author['url'])) {
        $name = '<a href="' . esc_url($author['url']) . '" rel="external nofollow ugc">' . $name . '</a>';
    }
    $time = strtotime($record['createdAt']);
    /* translators: 1: a comment's date, 2: its time (WordPress's own string). */
    $when = sprintf(__('%1$s at %2$s'), wp_date(get_option('date_format'), $time), wp_date(get_option('time_format'), $time));
    $html = '<li id="comment-' . $id . '" class="comment depth-' . $node['depth'] . (empty($author['isThreadOwner']) ? '' : ' bypostauthor') . '">';
    $html .= '<article class="comment-body"><footer class="comment-meta"><div class="comment-author vcard">';
    // Settings → Discussion → Show Avatars off: none, as WordPress's own list.
    $html .= (get_option('show_avatars') ? comment_thread_avatar_markup($author) . ' ' : '') . '<b class="fn">' . $name . '</b>';
    if (!empty($author['isThreadOwner'])) {
        $html .= ' <span class="comment-thread-badge">' . esc_html__('Author', 'comment-thread') . '</span>';
    }
    $html .= '</div><div class="comment-metadata"><a href="#comment-' . $id . '"><time datetime="' . esc_attr($record['createdAt']) . '">'
        . esc_html($when) . '</time></a></div>';
    if ($node['inReplyTo'] !== null) {
        $parent = (int) $record['parentId'];
        /* translators: %s: the name of the comment's author that this comment answers. */
        $html .= '<p class="comment-thread-in-reply-to">' . sprintf(
            esc_html__('In reply to %s', 'comment-thread'),
            '<a href="#comment-' . $parent . '">' . esc_html($node['inReplyTo']) . '</a>'
        ) . '</p>';
    }
    // WordPress filtered the body when it was saved (kses) and when it rendered it (comment_text).
    $html .= '</footer><div class="comment-content">' . $record['body'] . '</div>';
    if (comments_open($post)) {
        $reply = esc_url(add_query_arg('replytocom', $id, get_permalink($post))) . '#respond';
        $html .= '<div class="reply"><a rel="nofollow" class="comment-reply-link" href="' . $reply . '">'
            . esc_html__('Reply', 'comment-thread') . '</a></div>';
    }
    return $html . '</article>';
}

/** The list of comments, nested as `<ol class="children">`. */
function comment_thread_list_markup(array $shown, WP_Post $post): string
{
    $html = '<ol class="comment-list">';
    $depth = 1;
    foreach ($shown as $index => $node) {
        if ($index > 0) {
            if ($node['depth'] > $depth) {
                $html .= '<ol class="children">';
            } else {
                $html .= '</li>' . str_repeat('</ol></li>', $depth - $node['depth']);
            }
        }
        $depth = $node['depth'];
        $html .= comment_thread_comment_markup($node, $post);
    }
    if ($shown) {
        $html .= '</li>' . str_repeat('</ol></li>', $depth - 1);
    }
    return $html . '</ol>';
}

/**
 * The server's part inside `<comment-thread>`: the first page as markup, WordPress's comment form,
 * and the preloaded records. `$attributes` are the element's (order, max-depth).
 */
function comment_thread_server_markup(WP_Post $post, array $attributes): string
{
    $order = ($attributes['order'] ?? 'oldest') === 'newest' ? 'newest' : 'oldest';
    $page = comment_thread_first_page($post, $order);
    if ($page === null) {
        return '';
    }
    $records = array_values(array_filter(array_map(fn ($item) => comment_thread_record((array) $item, $post), $page['items'])));
    $max_depth = max(1, (int) ($attributes['max-depth'] ?? 5));
    $shown = comment_thread_display_order($records, $max_depth);

    $html = '<div class="comment-thread-static">';
    $title = wp_strip_all_tags(html_entity_decode(get_the_title($post), ENT_QUOTES, get_bloginfo('charset')));
    if ($page['total'] > 0) {
        $html .= '<h2 class="comments-title">' . esc_html(sprintf(
            /* translators: 1: the number of comments, 2: the post's title. */
            _n('One thought on “%2$s”', '%1$s thoughts on “%2$s”', $page['total'], 'comment-thread'),
            number_format_i18n($page['total']),
            $title
        )) . '</h2>';
    }
    if (wp_get_unapproved_comment_author_email() !== '') {
        $html .= '<p class="comment-awaiting-moderation">' . esc_html__('Your comment is awaiting moderation.', 'comment-thread') . '</p>';
    }
    $html .= comment_thread_list_markup($shown, $post);
    if ($page['pages'] > 1) {
        $html .= '<p class="comment-thread-more">' . esc_html(sprintf(
            /* translators: %s: how many comments are not shown on this page. */
            _n('%s more comment is shown with JavaScript.', '%s more comments are shown with JavaScript.', $page['total'] - count($records), 'comment-thread'),
            number_format_i18n($page['total'] - count($records))
        )) . '</p>';
    }
    if (comments_open($post)) {
        ob_start();
        comment_form([], $post->ID);
        $html .= ob_get_clean();
    } else {
        $html .= '<p class="no-comments">' . esc_html__('Comments are closed.', 'comment-thread') . '</p>';
    }
    $html .= '</div>';

    $preload = [
        'threadId' => (string) $post->ID,
        'order' => $order,
        'page' => [
            'comments' => $records,
            'total' => $page['total'],
            'nextCursor' => $page['pages'] > 1 ? '2' : null,
        ],
        'info' => comment_thread_info($post),
    ];
    // JSON_HEX_TAG: no `</script>` or `<!--` in a comment can close the element early.
    $json = wp_json_encode($preload, JSON_HEX_TAG | JSON_HEX_AMP | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
    $html .= '<script type="application/json" data-comment-thread-preload>' . $json . '</script>';
    return $html;
}
