<?php
/**
 * What WordPress's own REST API lacks for moderation: readers' reports (with reasons, seen only by
 * moderators), the queue of reported comments, and bans of authors (a user, a guest's hashed
 * e-mail address, a network address; for a time or until lifted), enforced on every new comment
 * whatever form it comes from. Approving, holding, spam, trash and closing a post's comments go
 * through WordPress's own REST API (users who can `moderate_comments`).
 */

if (!defined('ABSPATH')) {
    exit;
}

const COMMENT_THREAD_REPORTS_META = '_comment_thread_reports';
const COMMENT_THREAD_BANS_OPTION = 'comment_thread_bans';
/** The longest report reason kept, in characters. */
const COMMENT_THREAD_REASON_LENGTH = 200;

/** Whether the current user moderates comments (WordPress's `moderate_comments`). */
function comment_thread_can_moderate(): bool
{
    return current_user_can('moderate_comments');
}

/** A REST permission answer: moderators only (401 for guests, 403 for others). */
function comment_thread_moderators_only()
{
    if (comment_thread_can_moderate()) {
        return true;
    }
    return new WP_Error('rest_forbidden', __('Sorry, you are not allowed to moderate comments.', 'comment-thread'), ['status' => is_user_logged_in() ? 403 : 401]);
}

/** Who reports: the user, or a guest's address hashed with the site's salt (never stored in clear). */
function comment_thread_reporter(): string
{
    $user = get_current_user_id();
    if ($user > 0) {
        return 'u:' . $user;
    }
    return 'h:' . wp_hash('comment-thread-reporter|' . ($_SERVER['REMOTE_ADDR'] ?? ''));
}

/** A comment's reports: [['reason' => string, 'by' => string, 'at' => int], …]. */
function comment_thread_reports_of(int $comment_id): array
{
    $reports = get_comment_meta($comment_id, COMMENT_THREAD_REPORTS_META, true);
    return is_array($reports) ? array_values(array_filter($reports, 'is_array')) : [];
}

/** The reports by reason, most given first: [['reason' => …, 'count' => n], …]. */
function comment_thread_report_counts(int $comment_id): array
{
    $counts = [];
    foreach (comment_thread_reports_of($comment_id) as $report) {
        $reason = (string) ($report['reason'] ?? '');
        $counts[$reason] = ($counts[$reason] ?? 0) + 1;
    }
    arsort($counts);
    $answer = [];
    foreach ($counts as $reason => $count) {
        $answer[] = ['reason' => (string) $reason, 'count' => $count];
    }
    return $answer;
}

/** POST /comment-thread/v1/comments/{id}/reports: a reader reports a public comment, once. */
function comment_thread_report(WP_REST_Request $request)
{
    $comment = get_comment((int) $request['id']);
    if (!$comment || $comment->comment_approved !== '1') {
        return new WP_Error('rest_comment_invalid_id', __('Invalid comment ID.'), ['status' => 404]);
    }
    $post = get_post((int) $comment->comment_post_ID);
    if (!$post || post_password_required($post) || (!is_post_publicly_viewable($post) && !current_user_can('read_post', $post->ID))) {
        return new WP_Error('rest_cannot_read_post', __('Sorry, you are not allowed to read the post for this comment.'), ['status' => 403]);
    }
    $reason = trim(wp_strip_all_tags((string) $request['reason']));
    $reason = function_exists('mb_substr') ? mb_substr($reason, 0, COMMENT_THREAD_REASON_LENGTH) : substr($reason, 0, COMMENT_THREAD_REASON_LENGTH);
    if ($reason === '') {
        return new WP_Error('rest_invalid_param', __('Say why you report this comment.', 'comment-thread'), ['status' => 400, 'params' => ['reason' => __('Say why you report this comment.', 'comment-thread')]]);
    }
    $id = (int) $comment->comment_ID;
    $reports = comment_thread_reports_of($id);
    $by = comment_thread_reporter();
    foreach ($reports as $report) {
        if (($report['by'] ?? '') === $by) {
            // One report per reader and comment: a second is answered as the first was.
            return new WP_REST_Response(null, 204);
        }
    }
    $reports[] = ['reason' => $reason, 'by' => $by, 'at' => time()];
    update_comment_meta($id, COMMENT_THREAD_REPORTS_META, $reports);
    return new WP_REST_Response(null, 204);
}

/**
 * GET /comment-thread/v1/moderation/reported: approved comments with reports, newest first, as the
 * comments route answers a moderator (`context=edit`, with the post and the parent embedded).
 */
function comment_thread_reported(WP_REST_Request $request)
{
    $args = [
        'status' => 'approve',
        'meta_key' => COMMENT_THREAD_REPORTS_META,
        'orderby' => 'comment_date_gmt',
        'order' => 'DESC',
        'type' => 'comment',
    ];
    if (!empty($request['post'])) {
        $args['post_id'] = (int) $request['post'];
    }
    $total = (int) (new WP_Comment_Query())->query($args + ['count' => true]);
    $ids = (new WP_Comment_Query())->query($args + [
        'fields' => 'ids',
        'number' => (int) $request['per_page'],
        'offset' => (int) $request['offset'],
    ]);
    $items = [];
    if ($ids) {
        $inner = new WP_REST_Request('GET', '/wp/v2/comments');
        $inner->set_query_params([
            'include' => array_map('intval', $ids),
            'orderby' => 'include',
            'per_page' => count($ids),
            'context' => 'edit',
            'status' => 'approve',
        ]);
        $answer = rest_do_request($inner);
        if ($answer->is_error()) {
            return $answer->as_error();
        }
        $items = rest_get_server()->response_to_data($answer, true);
    }
    $response = rest_ensure_response($items);
    $response->header('X-WP-Total', (string) $total);
    return $response;
}

// ---------------------------------------------------------------------------
// Bans

/** The bans in force (expired ones are dropped), by id. */
function comment_thread_bans(): array
{
    $bans = get_option(COMMENT_THREAD_BANS_OPTION, []);
    $bans = is_array($bans) ? $bans : [];
    $now = time();
    $live = array_filter($bans, fn ($ban) => is_array($ban) && (empty($ban['expires']) || (int) $ban['expires'] > $now));
    if (count($live) !== count($bans)) {
        update_option(COMMENT_THREAD_BANS_OPTION, $live, false);
    }
    return $live;
}

/** A guest's e-mail address as bans keep it: the SHA-256 hex of its trimmed, lower-cased form. */
function comment_thread_email_hash(string $email): string
{
    return hash('sha256', strtolower(trim($email)));
}

/** A ban as the REST API answers it (the contract's Ban). */
function comment_thread_ban_response(array $ban): array
{
    $answer = ['id' => (string) $ban['id'], 'createdAt' => gmdate('Y-m-d\TH:i:s\Z', (int) $ban['created'])];
    if (!empty($ban['user'])) {
        $answer['identity'] = 'wordpress:' . (int) $ban['user'];
    }
    foreach (['emailHash' => 'email_hash', 'address' => 'address'] as $key => $field) {
        if (!empty($ban[$field])) {
            $answer[$key] = (string) $ban[$field];
        }
    }
    if (!empty($ban['expires'])) {
        $answer['expiresAt'] = gmdate('Y-m-d\TH:i:s\Z', (int) $ban['expires']);
    }
    return $answer;
}

/** The ban covering a comment's author (user, e-mail or address), or null. */
function comment_thread_ban_for(int $user, string $email, string $address): ?array
{
    $hash = $email !== '' ? comment_thread_email_hash($email) : '';
    foreach (comment_thread_bans() as $ban) {
        if ($user > 0 && (int) ($ban['user'] ?? 0) === $user) {
            return $ban;
        }
        if ($hash !== '' && ($ban['email_hash'] ?? '') === $hash) {
            return $ban;
        }
        // Addresses ban guests: a logged-in user behind the same address is judged by account.
        if ($user === 0 && $address !== '' && ($ban['address'] ?? '') === $address) {
            return $ban;
        }
    }
    return null;
}

/** POST /comment-thread/v1/bans: bans the author of `comment`, or the identifiers given. */
function comment_thread_ban(WP_REST_Request $request)
{
    $ban = ['user' => 0, 'email_hash' => '', 'address' => ''];
    if (!empty($request['comment'])) {
        $comment = get_comment((int) $request['comment']);
        if (!$comment) {
            return new WP_Error('rest_comment_invalid_id', __('Invalid comment ID.'), ['status' => 404]);
        }
        $ban['user'] = (int) $comment->user_id;
        if ($ban['user'] === 0) {
            $ban['email_hash'] = $comment->comment_author_email !== '' ? comment_thread_email_hash($comment->comment_author_email) : '';
            $ban['address'] = (string) $comment->comment_author_IP;
        }
    }
    $identity = (string) ($request['identity'] ?? '');
    if ($identity !== '') {
        if (!preg_match('/^wordpress:([1-9][0-9]{0,19})$/', $identity, $match)) {
            return new WP_Error('rest_invalid_param', __('Only WordPress users (wordpress:ID) can be banned by identity here.', 'comment-thread'), ['status' => 400]);
        }
        $ban['user'] = (int) $match[1];
    }
    $hash = strtolower((string) ($request['email_hash'] ?? ''));
    if ($hash !== '') {
        if (!preg_match('/^[0-9a-f]{64}$/', $hash)) {
            return new WP_Error('rest_invalid_param', __('An e-mail hash is 64 hexadecimal digits (SHA-256).', 'comment-thread'), ['status' => 400]);
        }
        $ban['email_hash'] = $hash;
    }
    $address = (string) ($request['address'] ?? '');
    if ($address !== '') {
        if (!filter_var($address, FILTER_VALIDATE_IP)) {
            return new WP_Error('rest_invalid_param', __('That is not a network address.', 'comment-thread'), ['status' => 400]);
        }
        $ban['address'] = $address;
    }
    if (!$ban['user'] && $ban['email_hash'] === '' && $ban['address'] === '') {
        return new WP_Error('rest_invalid_param', __('Nothing to ban: give a comment, a user, an e-mail hash or an address.', 'comment-thread'), ['status' => 400]);
    }
    if ($ban['user'] && user_can($ban['user'], 'moderate_comments')) {
        return new WP_Error('comment_thread_ban_moderator', __('Moderators cannot be banned.', 'comment-thread'), ['status' => 400]);
    }
    $duration = (int) ($request['duration'] ?? 0);
    $ban['id'] = wp_generate_uuid4();
    $ban['created'] = time();
    $ban['expires'] = $duration > 0 ? time() + $duration : 0;
    $bans = comment_thread_bans();
    $bans[$ban['id']] = $ban;
    update_option(COMMENT_THREAD_BANS_OPTION, $bans, false);
    return new WP_REST_Response(comment_thread_ban_response($ban), 201);
}

/** DELETE /comment-thread/v1/bans/{id}. */
function comment_thread_unban(WP_REST_Request $request)
{
    $bans = comment_thread_bans();
    $id = (string) $request['id'];
    if (!isset($bans[$id])) {
        return new WP_Error('comment_thread_no_ban', __('There is no such ban.', 'comment-thread'), ['status' => 404]);
    }
    unset($bans[$id]);
    update_option(COMMENT_THREAD_BANS_OPTION, $bans, false);
    return new WP_REST_Response(null, 204);
}

/**
 * Banned authors' new comments are refused, through the REST API and the classic form alike
 * (`pre_comment_approved` runs for both; a WP_Error there refuses the comment).
 */
add_filter('pre_comment_approved', function ($approved, $data) {
    if (is_wp_error($approved)) {
        return $approved;
    }
    $user = (int) ($data['user_id'] ?? $data['user_ID'] ?? 0);
    if ($user > 0 && user_can($user, 'moderate_comments')) {
        return $approved;
    }
    $ban = comment_thread_ban_for($user, (string) ($data['comment_author_email'] ?? ''), (string) ($data['comment_author_IP'] ?? ''));
    if ($ban) {
        // The REST API reads the status from ['status' => …]; wp-comments-post.php from a bare number.
        $rest = defined('REST_REQUEST') && REST_REQUEST;
        return new WP_Error('comment_thread_banned', __('You may not comment on this site.', 'comment-thread'), $rest ? ['status' => 403] : 403);
    }
    return $approved;
}, 99, 2);

add_action('rest_api_init', function () {
    // Moderators see a comment's reports by reason (edit context only: never a reader).
    register_rest_field('comment', 'comment_thread_reports', [
        'get_callback' => fn ($data) => comment_thread_can_moderate() ? comment_thread_report_counts((int) $data['id']) : null,
        'schema' => [
            'description' => __('Reports by reason, for moderators (the comment-thread plugin).', 'comment-thread'),
            'type' => ['array', 'null'],
            'context' => ['edit'],
            'readonly' => true,
        ],
    ]);
    // The ban covering the comment's author, for moderators.
    register_rest_field('comment', 'comment_thread_ban', [
        'get_callback' => function ($data) {
            if (!comment_thread_can_moderate()) {
                return null;
            }
            $comment = get_comment((int) $data['id']);
            $ban = $comment ? comment_thread_ban_for((int) $comment->user_id, (string) $comment->comment_author_email, (string) $comment->comment_author_IP) : null;
            return $ban ? (string) $ban['id'] : null;
        },
        'schema' => [
            'description' => __('The ban covering the comment’s author, for moderators (the comment-thread plugin).', 'comment-thread'),
            'type' => ['string', 'null'],
            'context' => ['edit'],
            'readonly' => true,
        ],
    ]);
    register_rest_route('comment-thread/v1', '/comments/(?P<id>[\d]+)/reports', [
        'methods' => 'POST',
        'callback' => 'comment_thread_report',
        'permission_callback' => '__return_true',
        'args' => [
            'reason' => ['type' => 'string', 'required' => true, 'description' => __('Why the reader reports the comment.', 'comment-thread')],
        ],
    ]);
    register_rest_route('comment-thread/v1', '/moderation/reported', [
        'methods' => 'GET',
        'callback' => 'comment_thread_reported',
        'permission_callback' => 'comment_thread_moderators_only',
        'args' => [
            'post' => ['type' => 'integer', 'minimum' => 1],
            'offset' => ['type' => 'integer', 'minimum' => 0, 'default' => 0],
            'per_page' => ['type' => 'integer', 'minimum' => 1, 'maximum' => 100, 'default' => 20],
        ],
    ]);
    register_rest_route('comment-thread/v1', '/bans', [
        [
            'methods' => 'GET',
            'callback' => fn () => rest_ensure_response(array_values(array_map('comment_thread_ban_response', comment_thread_bans()))),
            'permission_callback' => 'comment_thread_moderators_only',
        ],
        [
            'methods' => 'POST',
            'callback' => 'comment_thread_ban',
            'permission_callback' => 'comment_thread_moderators_only',
            'args' => [
                'comment' => ['type' => 'integer', 'minimum' => 1],
                'identity' => ['type' => 'string'],
                'email_hash' => ['type' => 'string'],
                'address' => ['type' => 'string'],
                'duration' => ['type' => 'integer', 'minimum' => 1],
            ],
        ],
    ]);
    register_rest_route('comment-thread/v1', '/bans/(?P<id>[0-9a-f-]{36})', [
        'methods' => 'DELETE',
        'callback' => 'comment_thread_unban',
        'permission_callback' => 'comment_thread_moderators_only',
    ]);
});
