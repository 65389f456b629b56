<div id="comments" class="classic-theme-comments">
  <ol class="comment-list"><?php wp_list_comments(); ?></ol>
  <?php comment_form(); ?>
</div>
