<!doctype html>
<html <?php language_attributes(); ?>>
<head><meta charset="<?php bloginfo('charset'); ?>"><?php wp_head(); ?></head>
<body <?php body_class(); ?>>
<?php while (have_posts()) : the_post(); ?>
  <article><h1><?php the_title(); ?></h1><?php the_content(); ?></article>
  <?php if (is_singular()) { comments_template(); } ?>
<?php endwhile; ?>
<?php wp_footer(); ?>
</body>
</html>
