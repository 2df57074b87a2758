<?php
/**
 * Removes what the plugin stored: its options and its product meta. The shop's data in
 * Stoflow stays; revoke the site token in Stoflow (Connections › WordPress sites) to cut the link there too.
 *
 * @package Stoflow
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

require_once __DIR__ . '/includes/class-stoflow-settings.php';

foreach ( Stoflow_Settings::OPTIONS as $stoflow_option ) {
	delete_option( $stoflow_option );
}
delete_post_meta_by_key( '_stoflow_ai_generation' );
