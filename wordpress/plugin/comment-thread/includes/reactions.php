<?php
/**
 * Reactions ("like"), when the site turns them on under Settings → Discussion. Logged-in readers
 * react; everyone sees the counts. Each comment keeps the IDs of the users who liked it in its
 * meta; the REST API shows the count (and whether the current reader is among them) as the
 * comment's `comment_thread_reactions` field, and `POST /comment-thread/v1/comments/{id}/reactions`
 * toggles the reader's reaction.
 */

if (!defined('ABSPATH')) {
    exit;
}

/** The reactions readers may add: `['like']` when Settings → Discussion turns them on, else none. */
function comment_thread_reactions(): array
{
    return get_option('comment_thread_reactions') ? ['like'] : [];
}

const COMMENT_THREAD_LIKES_META = '_comment_thread_likes';

/** The user IDs who liked a comment. */
function comment_thread_likers(int $comment_id): array
{
    $likers = get_comment_meta($comment_id, COMMENT_THREAD_LIKES_META, true);
    return is_array($likers) ? array_values(array_unique(array_map('intval', $likers))) : [];
}

/** A comment's reactions as the element reads them: `['like' => ['count' => n, 'mine' => bool]]`. */
function comment_thread_reaction_counts(int $comment_id): array
{
    if (!comment_thread_reactions()) {
        return [];
    }
    $likers = comment_thread_likers($comment_id);
    if (!$likers) {
        return [];
    }
    $like = ['count' => count($likers)];
    $reader = get_current_user_id();
    if ($reader > 0 && in_array($reader, $likers, true)) {
        $like['mine'] = true;
    }
    return ['like' => $like];
}

/** Toggles the current reader's reaction to a comment; answers the comment as the REST API shows it. */
function comment_thread_react(WP_REST_Request $request)
{
    if (!in_array($request['reaction'], comment_thread_reactions(), true)) {
        return new WP_Error('comment_thread_reactions_off', __('This site takes no such reaction.', 'comment-thread'), ['status' => 403]);
    }
    $comment = get_comment((int) $request['id']);
    // Only comments every reader sees: never a held, spam or trashed one.
    if (!$comment || $comment->comment_approved !== '1' || !get_post((int) $comment->comment_post_ID)) {
        return new WP_Error('rest_comment_invalid_id', __('Invalid comment ID.'), ['status' => 404]);
    }
    $post = get_post((int) $comment->comment_post_ID);
    if (post_password_required($post) || !is_post_publicly_viewable($post) && !current_user_can('read_post', $post->ID)) {
        return new WP_Error('rest_cannot_read_post', __('Sorry, you are not allowed to read the post for this comment.'), ['status' => 403]);
    }
    $id = (int) $comment->comment_ID;
    $reader = get_current_user_id();
    $likers = comment_thread_likers($id);
    $likers = in_array($reader, $likers, true) ? array_values(array_diff($likers, [$reader])) : array_merge($likers, [$reader]);
    if ($likers) {
        update_comment_meta($id, COMMENT_THREAD_LIKES_META, $likers);
    } else {
        delete_comment_meta($id, COMMENT_THREAD_LIKES_META);
    }
    $answer = rest_do_request(new WP_REST_Request('GET', '/wp/v2/comments/' . $id));
    return rest_ensure_response(rest_get_server()->response_to_data($answer, false));
}

add_action('rest_api_init', function () {
    register_rest_field('comment', 'comment_thread_reactions', [
        'get_callback' => fn ($data) => (object) comment_thread_reaction_counts((int) $data['id']),
        'schema' => [
            'description' => __('The comment’s reactions: count, and whether the current reader gave it (the comment-thread plugin).', 'comment-thread'),
            'type' => 'object',
            'context' => ['view', 'edit', 'embed'],
            'readonly' => true,
        ],
    ]);
    register_rest_route('comment-thread/v1', '/comments/(?P<id>[\d]+)/reactions', [
        'methods' => 'POST',
        'callback' => 'comment_thread_react',
        // Logged-in readers only: a guest has no account to count once.
        'permission_callback' => fn () => is_user_logged_in() ? true : new WP_Error('rest_not_logged_in', __('You are not currently logged in.'), ['status' => 401]),
        'args' => [
            'reaction' => [
                'description' => __('The reaction to add or take back.', 'comment-thread'),
                'type' => 'string',
                'required' => true,
            ],
        ],
    ]);
});
