<?php
/**
 * Unit tests run the plugin's classes without WordPress: this file gives them the few
 * WordPress functions they call, behaving as WordPress documents them, with the HTTP
 * transport and options kept in globals each test sets. The end-to-end test runs the whole
 * plugin in a real WordPress.
 *
 * @package Stoflow
 */

define( 'ABSPATH', __DIR__ . '/' );
define( 'MINUTE_IN_SECONDS', 60 );

$GLOBALS['stoflow_test'] = array();

/** Resets the fake WordPress state. */
function stoflow_test_reset() {
	$GLOBALS['stoflow_test'] = array(
		'options'         => array(),
		'transients'      => array(),
		'requests'        => array(),
		'responses'       => array(),
		'settings_errors' => array(),
		'user_id'         => 7,
	);
}
stoflow_test_reset();

class WP_Error {
	private $code;
	private $message;
	private $data;
	public function __construct( $code = '', $message = '', $data = '' ) {
		$this->code    = $code;
		$this->message = $message;
		$this->data    = $data;
	}
	public function get_error_code() {
		return $this->code;
	}
	public function get_error_message() {
		return $this->message;
	}
	public function get_error_data() {
		return $this->data;
	}
}

function is_wp_error( $thing ) {
	return $thing instanceof WP_Error;
}
function __( $text, $domain = 'default' ) {
	return $text;
}
function _n( $single, $plural, $number, $domain = 'default' ) {
	return 1 === $number ? $single : $plural;
}
function esc_html( $text ) {
	return htmlspecialchars( (string) $text, ENT_QUOTES, 'UTF-8' );
}
function esc_attr( $text ) {
	return htmlspecialchars( (string) $text, ENT_QUOTES, 'UTF-8' );
}
function untrailingslashit( $value ) {
	return rtrim( (string) $value, '/\\' );
}
function wp_json_encode( $data ) {
	return json_encode( $data );
}
function wp_parse_url( $url, $component = -1 ) {
	return parse_url( $url, $component );
}
function sanitize_text_field( $str ) {
	return trim( preg_replace( '/[\r\n\t ]+/', ' ', wp_strip_all_tags_fake( (string) $str ) ) );
}
function wp_strip_all_tags_fake( $str ) {
	return strip_tags( $str );
}
function esc_url_raw( $url, $protocols = null ) {
	$url    = trim( (string) $url );
	$scheme = strtolower( (string) parse_url( $url, PHP_URL_SCHEME ) );
	if ( '' === $url || ( null !== $protocols && ! in_array( $scheme, $protocols, true ) ) ) {
		return '';
	}
	return str_replace( ' ', '%20', $url );
}
function add_settings_error( $setting, $code, $message, $type = 'error' ) {
	$GLOBALS['stoflow_test']['settings_errors'][] = compact( 'setting', 'code', 'message', 'type' );
}
function get_option( $name, $default = false ) {
	return array_key_exists( $name, $GLOBALS['stoflow_test']['options'] ) ? $GLOBALS['stoflow_test']['options'][ $name ] : $default;
}
function get_current_user_id() {
	return $GLOBALS['stoflow_test']['user_id'];
}
function get_transient( $key ) {
	return isset( $GLOBALS['stoflow_test']['transients'][ $key ] ) ? $GLOBALS['stoflow_test']['transients'][ $key ] : false;
}
function set_transient( $key, $value, $expiration = 0 ) {
	$GLOBALS['stoflow_test']['transients'][ $key ] = $value;
	return true;
}
function delete_transient( $key ) {
	unset( $GLOBALS['stoflow_test']['transients'][ $key ] );
	return true;
}
/** Records the call and answers with the next scripted response (array or WP_Error). */
function wp_remote_request( $url, $args = array() ) {
	$GLOBALS['stoflow_test']['requests'][] = array(
		'url'  => $url,
		'args' => $args,
	);
	$next = array_shift( $GLOBALS['stoflow_test']['responses'] );
	return null === $next ? new WP_Error( 'http_request_failed', 'no scripted response' ) : $next;
}
function wp_remote_retrieve_response_code( $response ) {
	return is_array( $response ) && isset( $response['response']['code'] ) ? $response['response']['code'] : '';
}
function wp_remote_retrieve_body( $response ) {
	return is_array( $response ) && isset( $response['body'] ) ? $response['body'] : '';
}

/** A response as WP_Http builds it. */
function stoflow_test_response( $status, $body, $content_type = 'application/json' ) {
	return array(
		'headers'  => array( 'content-type' => $content_type ),
		'body'     => is_string( $body ) ? $body : json_encode( $body ),
		'response' => array(
			'code'    => $status,
			'message' => '',
		),
	);
}

$stoflow_dir = dirname( __DIR__ ) . '/stoflow-for-woocommerce/includes/';
require_once $stoflow_dir . 'class-stoflow-settings.php';
require_once $stoflow_dir . 'class-stoflow-engine-client.php';
require_once $stoflow_dir . 'class-stoflow-notices.php';
require_once $stoflow_dir . 'class-stoflow-listing-states.php';
