<?php
/**
 * A small change log for live threads: `GET /comment-thread/v1/changes?post=1,2&since=CURSOR` answers
 * the comments of those posts that changed since the cursor, as a guest sees them (new, newly
 * approved, edited, and placeholders of deleted comments that keep their replies), the ids of
 * those a guest no longer sees (unapproved, trashed, deleted), and the next cursor.
 * WordPress's own comments route cannot list changes since a time.
 *
 * Only comments that are or were public enter the log: a comment held for moderation is never
 * mentioned, not even by id, until it is approved.
 *
 * Cursors are server times in microseconds (digits; clients keep them as strings). Each answer's
 * cursor lies 2 seconds before the server's clock, so a change saved while an answer was being
 * made is sent again rather than missed (a repeated change is harmless).
 */

if (!defined('ABSPATH')) {
    exit;
}

const COMMENT_THREAD_CHANGED_META = '_comment_thread_changed';
const COMMENT_THREAD_REMOVED_META = '_comment_thread_removed';
const COMMENT_THREAD_OVERLAP_US = 2000000;

/** The server's clock in microseconds, as a string of digits. */
function comment_thread_now_us(): string
{
    return sprintf('%.0f', floor(microtime(true) * 1000000));
}

/** A cursor `$us` microseconds before now. */
function comment_thread_live_cursor(): string
{
    return sprintf('%.0f', max(0, (float) comment_thread_now_us() - COMMENT_THREAD_OVERLAP_US));
}

/** Notes that a comment changed, and so did its trashed ancestors (whose placeholders come and go with replies). */
function comment_thread_mark_changed($comment): void
{
    $comment = get_comment($comment);
    $now = comment_thread_now_us();
    for ($depth = 0; $comment && $depth < 100; $depth++) {
        update_comment_meta((int) $comment->comment_ID, COMMENT_THREAD_CHANGED_META, $now);
        $comment = $comment->comment_parent ? get_comment((int) $comment->comment_parent) : null;
        if ($comment && $comment->comment_approved !== 'trash') {
            break;
        }
    }
}

add_action('wp_insert_comment', function ($id, $comment) {
    if ((string) $comment->comment_approved === '1') {
        comment_thread_mark_changed($comment);
    }
}, 10, 2);

add_action('edit_comment', function ($id) {
    $comment = get_comment($id);
    if ($comment && (string) $comment->comment_approved === '1') {
        comment_thread_mark_changed($comment);
    }
});

/** Approved, unapproved, trashed, restored: only moves into or out of public view are logged. */
add_action('transition_comment_status', function ($new, $old, $comment) {
    if ($new === 'approved' || $old === 'approved') {
        comment_thread_mark_changed($comment);
    }
}, 10, 3);

/** Deleted for good: its id stays in the post's log of removals for a day (the last 200). */
add_action('delete_comment', function ($id, $comment) {
    if (!in_array((string) $comment->comment_approved, ['1', 'trash'], true)) {
        return;
    }
    $post_id = (int) $comment->comment_post_ID;
    $log = get_post_meta($post_id, COMMENT_THREAD_REMOVED_META, true);
    $log = is_array($log) ? $log : [];
    $now = comment_thread_now_us();
    $log[] = [$now, (int) $id];
    $cutoff = (float) $now - DAY_IN_SECONDS * 1000000;
    $log = array_slice(array_values(array_filter($log, fn ($entry) => (float) $entry[0] > $cutoff)), -200);
    update_post_meta($post_id, COMMENT_THREAD_REMOVED_META, $log);
    if ($comment->comment_parent) {
        comment_thread_mark_changed((int) $comment->comment_parent);
    }
}, 10, 2);

/** The changes since `$since` on posts a guest may read. */
function comment_thread_changes(WP_REST_Request $request)
{
    $posts = array_values(array_filter(array_map('intval', (array) $request['post']), function ($id) {
        $post = get_post($id);
        return $post && get_post_status($post) === 'publish' && !post_password_required($post) && is_post_type_viewable($post->post_type);
    }));
    $cursor = comment_thread_live_cursor();
    $since = (string) ($request['since'] ?? '');
    if ($since === '' || !$posts) {
        // The first call: where to start from.
        return ['cursor' => $cursor, 'comments' => [], 'removed' => []];
    }
    $changed = get_comments([
        'post__in' => $posts,
        'status' => ['approve', 'hold', 'trash', 'spam'],
        'fields' => 'ids',
        'number' => 500,
        'no_found_rows' => true,
        'update_comment_meta_cache' => false,
        'meta_query' => [[
            'key' => COMMENT_THREAD_CHANGED_META,
            'value' => $since,
            'compare' => '>',
            'type' => 'UNSIGNED',
        ]],
    ]);
    $changed = array_map('intval', $changed);
    $visible = [];
    foreach (array_chunk($changed, 100) as $ids) {
        // As a guest, whoever asks: what every reader may see, and nothing more.
        $list = new WP_REST_Request('GET', '/wp/v2/comments');
        $list->set_query_params([
            'post' => $posts,
            'include' => $ids,
            'per_page' => 100,
            'orderby' => 'date_gmt',
            'order' => 'asc',
            'comment_thread_placeholders' => 1,
        ]);
        $reader = get_current_user_id();
        wp_set_current_user(0);
        try {
            $response = rest_do_request($list);
        } finally {
            wp_set_current_user($reader);
        }
        if ($response->is_error()) {
            return $response->as_error();
        }
        foreach ((array) rest_get_server()->response_to_data($response, false) as $item) {
            $visible[(int) $item['id']] = $item;
        }
    }
    $removed = [];
    foreach ($changed as $id) {
        if (!isset($visible[$id])) {
            $removed[] = ['id' => (string) $id, 'post' => (string) get_comment($id)->comment_post_ID];
        }
    }
    foreach ($posts as $post_id) {
        $log = get_post_meta($post_id, COMMENT_THREAD_REMOVED_META, true);
        foreach (is_array($log) ? $log : [] as [$at, $id]) {
            if ((float) $at > (float) $since) {
                $removed[] = ['id' => (string) $id, 'post' => (string) $post_id];
            }
        }
    }
    return ['cursor' => $cursor, 'comments' => array_values($visible), 'removed' => $removed];
}

add_action('rest_api_init', function () {
    register_rest_route('comment-thread/v1', '/changes', [
        'methods' => 'GET',
        'callback' => 'comment_thread_changes',
        'permission_callback' => '__return_true',
        'args' => [
            'post' => [
                'description' => __('The posts whose comments to follow.', 'comment-thread'),
                'type' => 'array',
                'items' => ['type' => 'integer', 'minimum' => 1],
                'maxItems' => 50,
                'required' => true,
            ],
            'since' => [
                'description' => __('The cursor of the previous answer (or of the rendered page).', 'comment-thread'),
                'type' => 'string',
                'pattern' => '^[0-9]{1,20}$',
            ],
        ],
    ]);
});
