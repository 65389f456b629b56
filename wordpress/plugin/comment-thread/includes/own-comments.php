<?php
/**
 * Readers' own comments through the REST API: their authors edit them for a while and delete them,
 * edits are marked, and a deleted comment that has replies stays in the list as a placeholder so
 * the replies keep their place.
 *
 * WordPress itself lets only moderators and the post's editors change a comment
 * (`edit_comment` maps to `edit_post`). Here a comment's own author also may, through the REST
 * routes `POST /wp/v2/comments/{id}` (the text only) and `DELETE /wp/v2/comments/{id}` (to the
 * trash, never `force`), and nowhere else: the capability is granted for that one request and
 * that one comment, so it never reaches wp-admin or admin-ajax (where `edit_comment` would also
 * approve comments).
 *
 * Filters:
 * - `comment_thread_edit_window` (int|null $seconds, WP_Post|null $post): how long after posting
 *   an author may edit. Default 15 minutes; 0: authors may not edit; null: no limit.
 * - `comment_thread_author_can_delete` (bool $allowed, WP_Comment $comment): whether an author may
 *   trash their own comment. Default true, at any time.
 */

if (!defined('ABSPATH')) {
    exit;
}

/** The author grant of the REST request being served: ['comment' => id, 'user' => id, 'action' => 'edit'|'delete'] or null. */
$GLOBALS['comment_thread_grant'] = null;
/** Comments whose text changed in this request (their "edited" time is stored once saved). */
$GLOBALS['comment_thread_edited'] = [];
/** Trashed comments listed as placeholders in this request. */
$GLOBALS['comment_thread_placeholders'] = [];

/** Seconds after posting during which a comment's author may edit it: 0 never, null without limit. */
function comment_thread_edit_window($post = null): ?int
{
    $seconds = apply_filters('comment_thread_edit_window', 15 * MINUTE_IN_SECONDS, get_post($post));
    return $seconds === null ? null : max(0, (int) $seconds);
}

/**
 * The edit window the element applies for the current reader on a post: null (no limit) for those
 * WordPress lets edit every comment there, else the authors' window.
 */
function comment_thread_reader_edit_window($post): ?int
{
    $post = get_post($post);
    if ($post && is_user_logged_in() && (current_user_can('moderate_comments') || current_user_can('edit_post', $post->ID))) {
        return null;
    }
    return comment_thread_edit_window($post);
}

/**
 * Whether the current reader may trash their own comments on a post, for the element to show or
 * hide Delete: the `comment_thread_author_can_delete` filter, asked about a comment of theirs on
 * that post that is not saved yet (`comment_ID` 0). Moderators and the post's editors always may.
 */
function comment_thread_reader_can_delete_own($post): bool
{
    $post = get_post($post);
    if ($post && is_user_logged_in() && (current_user_can('moderate_comments') || current_user_can('edit_post', $post->ID))) {
        return true;
    }
    $probe = new WP_Comment((object) [
        'comment_ID' => 0,
        'comment_post_ID' => $post ? $post->ID : 0,
        'user_id' => get_current_user_id(),
        'comment_approved' => '1',
        'comment_date_gmt' => current_time('mysql', true),
    ]);
    return (bool) apply_filters('comment_thread_author_can_delete', true, $probe);
}

/** Whether a comment is still within its author's edit window. */
function comment_thread_within_edit_window(WP_Comment $comment): bool
{
    $window = comment_thread_edit_window((int) $comment->comment_post_ID);
    if ($window === null) {
        return true;
    }
    $posted = strtotime($comment->comment_date_gmt . ' UTC');
    return $window > 0 && $posted !== false && time() - $posted <= $window;
}

/** Whether the request changes nothing but the comment's text (no status, author, date, post…). */
function comment_thread_changes_only_content(WP_REST_Request $request): bool
{
    $given = array_merge(
        array_keys((array) $request->get_json_params()),
        array_keys((array) $request->get_body_params()),
        array_keys((array) $request->get_query_params())
    );
    $harmless = ['content', 'context', '_fields', '_envelope', '_locale', '_method', '_wpnonce', 'rest_route'];
    return in_array('content', $given, true) && !array_diff($given, $harmless);
}

/**
 * Before a REST request on one comment: when the reader wrote it and WordPress would not let them
 * change it, grant `edit_comment` on it for this request (an edit of the text within the window,
 * or a move to the trash). Outside the window the answer says why.
 */
add_filter('rest_request_before_callbacks', function ($response, $handler, $request) {
    $GLOBALS['comment_thread_grant'] = null;
    if (is_wp_error($response) || !($request instanceof WP_REST_Request)) {
        return $response;
    }
    if (!preg_match('#^/wp/v2/comments/(\d+)$#', $request->get_route(), $match)) {
        return $response;
    }
    $method = $request->get_method();
    $action = $method === 'DELETE' ? 'delete' : (in_array($method, ['POST', 'PUT', 'PATCH'], true) ? 'edit' : '');
    $user_id = get_current_user_id();
    $comment = get_comment((int) $match[1]);
    if ($action === '' || !$user_id || !$comment || (int) $comment->user_id !== $user_id) {
        return $response;
    }
    // Moderators and the post's editors: WordPress's own rules, unchanged.
    if (current_user_can('moderate_comments') || current_user_can('edit_comment', $comment->comment_ID)) {
        return $response;
    }
    // Spam and trash are the moderators' (WordPress answers as usual). Trashing a trashed comment
    // again is let through: WordPress then answers `410 rest_already_trashed`, changing nothing,
    // which tells a retry whose first answer was lost that the comment is gone.
    $states = $action === 'delete' ? ['0', '1', 'trash'] : ['0', '1'];
    if (!in_array((string) $comment->comment_approved, $states, true)) {
        return $response;
    }
    if ($action === 'edit') {
        if (!comment_thread_changes_only_content($request)) {
            return $response;
        }
        if (!comment_thread_within_edit_window($comment)) {
            return new WP_Error(
                'comment_thread_edit_window_closed',
                __('The time to edit this comment is over.', 'comment-thread'),
                ['status' => 403]
            );
        }
    } else {
        if (!empty($request['force']) || !apply_filters('comment_thread_author_can_delete', true, $comment)) {
            return $response;
        }
    }
    $GLOBALS['comment_thread_grant'] = ['comment' => (int) $comment->comment_ID, 'user' => $user_id, 'action' => $action];
    return $response;
}, 10, 3);

add_filter('rest_request_after_callbacks', function ($response) {
    $GLOBALS['comment_thread_grant'] = null;
    return $response;
}, 10, 1);

/** The grant itself: `edit_comment` on that comment, for that user, needs no more than `read`. */
add_filter('map_meta_cap', function ($caps, $cap, $user_id, $args) {
    $grant = $GLOBALS['comment_thread_grant'] ?? null;
    if ($cap !== 'edit_comment' || !$grant || empty($args[0])) {
        return $caps;
    }
    if ((int) $args[0] !== $grant['comment'] || (int) $user_id !== $grant['user']) {
        return $caps;
    }
    return ['read'];
}, 10, 4);

/**
 * Saving a comment: note whether its text changed (for the "edited" mark), and put an author's
 * edit through the checks a new comment gets (Settings → Discussion: moderation words, the link
 * limit, the disallowed words). An edit that a new comment would be held for goes back to
 * moderation.
 */
add_filter('wp_update_comment_data', function ($data, $comment, $commentarr) {
    $id = (int) ($data['comment_ID'] ?? 0);
    $before = isset($comment['comment_content']) ? wp_unslash($comment['comment_content']) : null;
    if ($id && $before !== null && $before !== $data['comment_content']) {
        $GLOBALS['comment_thread_edited'][$id] = true;
    }
    $grant = $GLOBALS['comment_thread_grant'] ?? null;
    if ($grant && $grant['action'] === 'edit' && $grant['comment'] === $id && (string) $data['comment_approved'] === '1') {
        $fields = [
            $data['comment_author'],
            $data['comment_author_email'],
            $data['comment_author_url'],
            $data['comment_content'],
            $data['comment_author_IP'],
            $data['comment_agent'],
        ];
        $allowed = check_comment(...array_merge($fields, [$data['comment_type']]));
        if (!$allowed || wp_check_comment_disallowed_list(...$fields)) {
            $data['comment_approved'] = 0;
        }
    }
    return $data;
}, 10, 3);

add_action('edit_comment', function ($comment_id) {
    if (!empty($GLOBALS['comment_thread_edited'][(int) $comment_id])) {
        unset($GLOBALS['comment_thread_edited'][(int) $comment_id]);
        update_comment_meta((int) $comment_id, '_comment_thread_edited_gmt', current_time('mysql', true));
    }
});

/**
 * The trashed comments of these posts that still have replies to show: those with an approved
 * reply, and the trashed comments above them (a deleted reply to a deleted comment).
 *
 * @param int[] $post_ids
 * @return int[]
 */
function comment_thread_placeholder_ids(array $post_ids): array
{
    global $wpdb;
    $posts = implode(',', array_map('intval', $post_ids));
    if ($posts === '') {
        return [];
    }
    $trashed = $wpdb->get_results(
        "SELECT comment_ID, comment_parent FROM {$wpdb->comments} WHERE comment_post_ID IN ({$posts}) AND comment_approved = 'trash'"
    );
    if (!$trashed) {
        return [];
    }
    $parent_of = [];
    foreach ($trashed as $row) {
        $parent_of[(int) $row->comment_ID] = (int) $row->comment_parent;
    }
    $ids = implode(',', array_keys($parent_of));
    $answered = $wpdb->get_col(
        "SELECT DISTINCT comment_parent FROM {$wpdb->comments} WHERE comment_parent IN ({$ids}) AND comment_approved = '1'"
    );
    $keep = [];
    foreach ($answered as $id) {
        for ($id = (int) $id; isset($parent_of[$id]) && !isset($keep[$id]); $id = $parent_of[$id]) {
            $keep[$id] = true;
        }
    }
    return array_keys($keep);
}

/** `comment_thread_placeholders`: the element's list asks for placeholders; other REST clients see WordPress's list unchanged. */
add_filter('rest_comment_collection_params', function ($params) {
    $params['comment_thread_placeholders'] = [
        'description' => __('List trashed comments that have replies as placeholders, without their content or author.', 'comment-thread'),
        'type' => 'boolean',
        'default' => false,
    ];
    return $params;
});

add_filter('rest_comment_query', function ($args, $request) {
    if (empty($request['comment_thread_placeholders']) || empty($args['post__in'])) {
        return $args;
    }
    if (wp_parse_list($args['status'] ?? 'approve') !== ['approve']) {
        return $args;
    }
    $ids = comment_thread_placeholder_ids((array) $args['post__in']);
    if ($ids) {
        $args['status'] = ['approve', 'trash'];
        $args['comment_thread_placeholders'] = $ids;
    }
    return $args;
}, 10, 2);

/** Of the trashed comments, only the placeholders are listed (and counted in X-WP-Total). */
add_filter('comments_clauses', function ($clauses, $query) {
    $ids = $query->query_vars['comment_thread_placeholders'] ?? null;
    if (!$ids) {
        return $clauses;
    }
    global $wpdb;
    $list = implode(',', array_map('intval', $ids));
    $only = "( {$wpdb->comments}.comment_approved <> 'trash' OR {$wpdb->comments}.comment_ID IN ({$list}) )";
    $clauses['where'] = $clauses['where'] ? "( {$clauses['where']} ) AND {$only}" : $only;
    return $clauses;
}, 10, 2);

/**
 * A placeholder is a copy of the trashed comment with nothing of what it said or who said it,
 * readable by everyone as the replies it keeps are.
 */
add_filter('the_comments', function ($comments, $query) {
    $ids = $query->query_vars['comment_thread_placeholders'] ?? null;
    if (!$ids) {
        return $comments;
    }
    return array_map(function ($comment) use ($ids) {
        if (!($comment instanceof WP_Comment) || $comment->comment_approved !== 'trash' || !in_array((int) $comment->comment_ID, $ids, true)) {
            return $comment;
        }
        $placeholder = clone $comment;
        $placeholder->comment_approved = '1';
        $placeholder->comment_content = '';
        $placeholder->comment_author = '';
        $placeholder->comment_author_email = '';
        $placeholder->comment_author_url = '';
        $placeholder->comment_author_IP = '';
        $placeholder->comment_agent = '';
        $placeholder->comment_karma = 0;
        $placeholder->user_id = 0;
        $GLOBALS['comment_thread_placeholders'][(int) $comment->comment_ID] = true;
        return $placeholder;
    }, $comments);
}, 10, 2);

add_filter('rest_prepare_comment', function ($response, $comment) {
    if (empty($GLOBALS['comment_thread_placeholders'][(int) $comment->comment_ID]) || (string) $comment->comment_approved !== '1') {
        return $response;
    }
    $data = $response->get_data();
    $data['status'] = 'trash';
    if (array_key_exists('author_avatar_urls', $data)) {
        $data['author_avatar_urls'] = new stdClass();
    }
    if (array_key_exists('comment_thread_edited_gmt', $data)) {
        $data['comment_thread_edited_gmt'] = null;
    }
    $response->set_data($data);
    return $response;
}, 10, 2);

/** The REST fields the provider reads: a comment's edit time, and the post's edit window for this reader. */
add_action('rest_api_init', function () {
    register_rest_field('comment', 'comment_thread_edited_gmt', [
        'get_callback' => function ($data) {
            $edited = get_comment_meta((int) $data['id'], '_comment_thread_edited_gmt', true);
            return $edited ? mysql_to_rfc3339($edited) : null;
        },
        'schema' => [
            'description' => __('When the comment’s text last changed, in GMT (the comment-thread plugin).', 'comment-thread'),
            'type' => ['string', 'null'],
            'format' => 'date-time',
            'context' => ['view', 'edit', 'embed'],
            'readonly' => true,
        ],
    ]);
    foreach (get_post_types_by_support('comments') as $type) {
        register_rest_field($type, 'comment_thread_edit_window', [
            'get_callback' => function ($data) {
                return comment_thread_reader_edit_window((int) $data['id']);
            },
            'schema' => [
                'description' => __('Seconds after posting during which the current reader may edit their comments (null: no limit).', 'comment-thread'),
                'type' => ['integer', 'null'],
                'context' => ['view', 'edit', 'embed'],
                'readonly' => true,
            ],
        ]);
        register_rest_field($type, 'comment_thread_delete_own', [
            'get_callback' => function ($data) {
                return comment_thread_reader_can_delete_own((int) $data['id']);
            },
            'schema' => [
                'description' => __('Whether the current reader may move their own comments to the trash (the comment_thread_author_can_delete filter).', 'comment-thread'),
                'type' => 'boolean',
                'context' => ['view', 'edit', 'embed'],
                'readonly' => true,
            ],
        ]);
    }
});
