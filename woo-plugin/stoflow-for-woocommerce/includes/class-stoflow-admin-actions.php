<?php
/**
 * The Stoflow page's actions (admin-post.php): connect the store, disconnect, pairing code.
 * Each checks its nonce and manage_woocommerce, then comes back to the page with a notice.
 *
 * @package Stoflow
 */

defined( 'ABSPATH' ) || exit;

/**
 * Page actions.
 */
class Stoflow_Admin_Actions {

	/**
	 * Hooks the admin-post handlers.
	 */
	public static function hook() {
		add_action( 'admin_post_stoflow_connect', array( __CLASS__, 'connect' ) );
		add_action( 'admin_post_stoflow_disconnect', array( __CLASS__, 'disconnect' ) );
		add_action( 'admin_post_stoflow_pairing_code', array( __CLASS__, 'pairing_code' ) );
	}

	/**
	 * Nonce and capability, or stop.
	 *
	 * @param string $action The nonce action.
	 */
	public static function guard( $action ) {
		if ( ! Stoflow_Plugin::user_can() ) {
			wp_die( esc_html__( 'You are not allowed to manage Stoflow.', 'stoflow-for-woocommerce' ), '', array( 'response' => 403 ) );
		}
		check_admin_referer( $action );
	}

	/**
	 * Asks the engine for WooCommerce's app authorization URL and sends the browser there: the
	 * owner approves on this store's own page, WooCommerce gives the keys to Stoflow.
	 */
	public static function connect() {
		self::guard( 'stoflow_connect' );
		$answer = Stoflow_Engine_Client::from_settings()->post(
			'/api/v1/site/authorize',
			array(
				'storeUrl'  => home_url( '/' ),
				'returnUrl' => Stoflow_Admin_Page::url(),
			)
		);
		if ( is_wp_error( $answer ) ) {
			Stoflow_Notices::add_error( $answer );
			self::back();
		}
		$target = isset( $answer['authorizeUrl'] ) ? (string) $answer['authorizeUrl'] : '';
		// Only ever this store's own /wc-auth/v1/authorize page.
		if ( 0 !== strpos( $target, untrailingslashit( home_url() ) . '/wc-auth/v1/authorize' ) ) {
			Stoflow_Notices::add( 'error', __( 'Stoflow answered with an unexpected approval address; nothing was sent.', 'stoflow-for-woocommerce' ) );
			self::back();
		}
		wp_redirect( esc_url_raw( $target ) ); // phpcs:ignore WordPress.Security.SafeRedirect.wp_redirect_wp_redirect -- checked above: this store's own page.
		exit;
	}

	/**
	 * Revokes the site token at Stoflow and forgets it here.
	 */
	public static function disconnect() {
		self::guard( 'stoflow_disconnect' );
		$client = Stoflow_Engine_Client::from_settings();
		if ( $client->is_configured() ) {
			$answer = $client->delete( '/api/v1/site' );
			if ( is_wp_error( $answer ) && 401 !== (int) ( $answer->get_error_data()['status'] ?? 0 ) ) {
				Stoflow_Notices::add_error( $answer );
				self::back();
			}
		}
		delete_option( Stoflow_Settings::SITE_TOKEN );
		Stoflow_Notices::add( 'success', __( 'Disconnected from Stoflow. Your products stay in Stoflow until you delete them there.', 'stoflow-for-woocommerce' ) );
		self::back();
	}

	/**
	 * A pairing code for the browser extension, kept for this user while it is valid.
	 */
	public static function pairing_code() {
		self::guard( 'stoflow_pairing_code' );
		$answer = Stoflow_Engine_Client::from_settings()->post( '/api/v1/site/pairing-codes' );
		if ( is_wp_error( $answer ) ) {
			Stoflow_Notices::add_error( $answer );
		} else {
			set_transient( 'stoflow_pairing_' . get_current_user_id(), $answer, 10 * MINUTE_IN_SECONDS );
		}
		self::back();
	}

	/**
	 * Back to the Stoflow page.
	 */
	private static function back() {
		wp_safe_redirect( Stoflow_Admin_Page::url() );
		exit;
	}
}
