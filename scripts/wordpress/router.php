<?php
// Router for PHP's built-in server: real files (scripts, styles, wp-login.php…) are served as
// they are, everything else goes to WordPress's front controller, as Apache's rewrite rules do.
$path = urldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');
$file = $_SERVER['DOCUMENT_ROOT'] . $path;
if ($path !== '/' && file_exists($file)) {
    if (is_dir($file)) {
        if (file_exists(rtrim($file, '/') . '/index.php')) {
            return false;
        }
    } else {
        return false;
    }
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $_SERVER['DOCUMENT_ROOT'] . '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';
