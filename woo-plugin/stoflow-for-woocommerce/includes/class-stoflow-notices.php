<?php
/**
 * Admin notices that survive the redirect after an action: kept per user for a minute.
 *
 * @package Stoflow
 */

defined( 'ABSPATH' ) || exit;

/**
 * Queue and show notices.
 */
class Stoflow_Notices {

	/**
	 * The transient holding the current user's notices.
	 *
	 * @return string
	 */
	private static function key() {
		return 'stoflow_notices_' . get_current_user_id();
	}

	/**
	 * Queues a notice for the next admin page of this user.
	 *
	 * @param string $type    success, error, warning or info.
	 * @param string $message Plain text.
	 */
	public static function add( $type, $message ) {
		$notices   = get_transient( self::key() );
		$notices   = is_array( $notices ) ? $notices : array();
		$notices[] = array(
			'type'    => $type,
			'message' => $message,
		);
		set_transient( self::key(), $notices, MINUTE_IN_SECONDS );
	}

	/**
	 * Queues the message of a failed engine call.
	 *
	 * @param WP_Error $error The failure.
	 */
	public static function add_error( $error ) {
		self::add( 'error', $error->get_error_message() );
	}

	/**
	 * Prints the queued notices once (on admin_notices).
	 */
	public static function render() {
		$notices = get_transient( self::key() );
		if ( ! is_array( $notices ) ) {
			return;
		}
		delete_transient( self::key() );
		foreach ( $notices as $notice ) {
			self::print_notice( $notice['type'], $notice['message'] );
		}
	}

	/**
	 * One dismissible notice.
	 *
	 * @param string $type    Notice type.
	 * @param string $message Plain text.
	 */
	public static function print_notice( $type, $message ) {
		$type = in_array( $type, array( 'success', 'error', 'warning', 'info' ), true ) ? $type : 'info';
		printf(
			'<div class="notice notice-%1$s is-dismissible stoflow-notice"><p>%2$s</p></div>',
			esc_attr( $type ),
			esc_html( $message )
		);
	}
}
