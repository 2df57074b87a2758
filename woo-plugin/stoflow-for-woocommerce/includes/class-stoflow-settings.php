<?php
/**
 * The plugin's settings, through the Settings API: the engine's address and the site token.
 *
 * @package Stoflow
 */

defined( 'ABSPATH' ) || exit;

/**
 * Option names, registration and sanitising.
 */
class Stoflow_Settings {

	const GROUP      = 'stoflow';
	const ENGINE_URL = 'stoflow_engine_url';
	const SITE_TOKEN = 'stoflow_site_token';
	const OPTIONS    = array( self::ENGINE_URL, self::SITE_TOKEN );
	const DEFAULT_URL = 'https://app.stoflow.io';

	/**
	 * Registers the settings, their section and fields (on admin_init).
	 */
	public static function register() {
		register_setting(
			self::GROUP,
			self::ENGINE_URL,
			array(
				'type'              => 'string',
				'sanitize_callback' => array( __CLASS__, 'sanitize_engine_url' ),
				'default'           => self::DEFAULT_URL,
			)
		);
		register_setting(
			self::GROUP,
			self::SITE_TOKEN,
			array(
				'type'              => 'string',
				'sanitize_callback' => array( __CLASS__, 'sanitize_site_token' ),
				'default'           => '',
			)
		);
		add_settings_section(
			'stoflow_engine',
			__( 'Stoflow account', 'stoflow-for-woocommerce' ),
			array( __CLASS__, 'section_intro' ),
			'stoflow'
		);
		add_settings_field(
			self::ENGINE_URL,
			__( 'Stoflow address', 'stoflow-for-woocommerce' ),
			array( __CLASS__, 'engine_url_field' ),
			'stoflow',
			'stoflow_engine',
			array( 'label_for' => self::ENGINE_URL )
		);
		add_settings_field(
			self::SITE_TOKEN,
			__( 'Site token', 'stoflow-for-woocommerce' ),
			array( __CLASS__, 'site_token_field' ),
			'stoflow',
			'stoflow_engine',
			array( 'label_for' => self::SITE_TOKEN )
		);
	}

	/**
	 * The engine's address without a trailing slash.
	 *
	 * @return string
	 */
	public static function engine_url() {
		return untrailingslashit( (string) get_option( self::ENGINE_URL, self::DEFAULT_URL ) );
	}

	/**
	 * The stored site token, or ''.
	 *
	 * @return string
	 */
	public static function site_token() {
		return (string) get_option( self::SITE_TOKEN, '' );
	}

	/**
	 * An http(s) address, or the previous value with an error shown.
	 *
	 * @param mixed $value Submitted value.
	 * @return string
	 */
	public static function sanitize_engine_url( $value ) {
		$url    = untrailingslashit( esc_url_raw( trim( (string) $value ), array( 'http', 'https' ) ) );
		$scheme = wp_parse_url( $url, PHP_URL_SCHEME );
		if ( '' === $url || ! in_array( $scheme, array( 'http', 'https' ), true ) || ! wp_parse_url( $url, PHP_URL_HOST ) ) {
			add_settings_error( self::ENGINE_URL, 'stoflow_engine_url', __( 'Enter the Stoflow address, for example https://app.stoflow.io.', 'stoflow-for-woocommerce' ) );
			return (string) get_option( self::ENGINE_URL, self::DEFAULT_URL );
		}
		return $url;
	}

	/**
	 * A site token (sfs_...); an empty field keeps the saved one.
	 *
	 * @param mixed $value Submitted value.
	 * @return string
	 */
	public static function sanitize_site_token( $value ) {
		$token = trim( sanitize_text_field( (string) $value ) );
		if ( '' === $token ) {
			return (string) get_option( self::SITE_TOKEN, '' );
		}
		if ( ! preg_match( '/^sfs_[A-Za-z0-9_-]{20,100}$/', $token ) ) {
			add_settings_error( self::SITE_TOKEN, 'stoflow_site_token', __( 'This is not a site token: a site token starts with sfs_. Create one for this store in your Stoflow account.', 'stoflow-for-woocommerce' ) );
			return (string) get_option( self::SITE_TOKEN, '' );
		}
		return $token;
	}

	/**
	 * Text above the fields.
	 */
	public static function section_intro() {
		echo '<p>' . esc_html__( 'Create a site token for this store in your Stoflow account, paste it here and save; then connect this store.', 'stoflow-for-woocommerce' ) . '</p>';
	}

	/**
	 * The address field.
	 */
	public static function engine_url_field() {
		printf(
			'<input type="url" class="regular-text" id="%1$s" name="%1$s" value="%2$s" required />',
			esc_attr( self::ENGINE_URL ),
			esc_attr( self::engine_url() )
		);
	}

	/**
	 * The token field: never echoes the saved token.
	 */
	public static function site_token_field() {
		$saved = '' !== self::site_token();
		printf(
			'<input type="password" class="regular-text" id="%1$s" name="%1$s" value="" autocomplete="off" placeholder="%2$s" />',
			esc_attr( self::SITE_TOKEN ),
			esc_attr( $saved ? __( 'Saved (leave empty to keep it)', 'stoflow-for-woocommerce' ) : 'sfs_…' )
		);
	}
}
