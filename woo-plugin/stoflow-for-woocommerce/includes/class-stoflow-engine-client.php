<?php
/**
 * Calls to the Stoflow engine with the site token, through wp_remote_request.
 *
 * @package Stoflow
 */

defined( 'ABSPATH' ) || exit;

/**
 * A thin HTTP client: JSON in and out, problem+json answers turned into WP_Error values
 * whose message a store owner can read.
 */
class Stoflow_Engine_Client {

	const TIMEOUT = 15;

	/**
	 * Engine address, without a trailing slash.
	 *
	 * @var string
	 */
	private $base_url;

	/**
	 * The site token (sfs_...).
	 *
	 * @var string
	 */
	private $token;

	/**
	 * Client for the engine at $base_url.
	 *
	 * @param string $base_url Engine address.
	 * @param string $token    Site token.
	 */
	public function __construct( $base_url, $token ) {
		$this->base_url = untrailingslashit( $base_url );
		$this->token    = $token;
	}

	/**
	 * The client of the saved settings.
	 *
	 * @return self
	 */
	public static function from_settings() {
		return new self( Stoflow_Settings::engine_url(), Stoflow_Settings::site_token() );
	}

	/**
	 * Whether a token is saved at all.
	 *
	 * @return bool
	 */
	public function is_configured() {
		return '' !== $this->token && '' !== $this->base_url;
	}

	/**
	 * GET a path of the API.
	 *
	 * @param string $path Path under the engine, e.g. /api/v1/site.
	 * @return array|WP_Error Decoded JSON, or why it failed.
	 */
	public function get( $path ) {
		return $this->request( 'GET', $path );
	}

	/**
	 * POST JSON to a path of the API.
	 *
	 * @param string     $path Path.
	 * @param array|null $body Body, sent as JSON.
	 * @return array|WP_Error
	 */
	public function post( $path, $body = null ) {
		return $this->request( 'POST', $path, $body );
	}

	/**
	 * DELETE a path of the API.
	 *
	 * @param string $path Path.
	 * @return array|WP_Error
	 */
	public function delete( $path ) {
		return $this->request( 'DELETE', $path );
	}

	/**
	 * One call to the engine.
	 *
	 * @param string     $method HTTP method.
	 * @param string     $path   Path.
	 * @param array|null $body   JSON body.
	 * @return array|WP_Error Decoded JSON (an empty array for 204), or why it failed.
	 */
	public function request( $method, $path, $body = null ) {
		if ( ! $this->is_configured() ) {
			return new WP_Error( 'stoflow_not_configured', __( 'Stoflow is not set up yet: save the Stoflow address and a site token first.', 'stoflow-for-woocommerce' ) );
		}
		$args = array(
			'method'  => $method,
			'timeout' => self::TIMEOUT,
			'headers' => array(
				'Authorization' => 'Bearer ' . $this->token,
				'Accept'        => 'application/json',
			),
		);
		if ( null !== $body ) {
			$args['headers']['Content-Type'] = 'application/json';
			$args['body']                    = wp_json_encode( (object) $body );
		}
		$response = wp_remote_request( $this->base_url . $path, $args );
		if ( is_wp_error( $response ) ) {
			return new WP_Error(
				'stoflow_unreachable',
				/* translators: 1: the Stoflow address, 2: the network error. */
				sprintf( __( 'Stoflow could not be reached at %1$s (%2$s).', 'stoflow-for-woocommerce' ), $this->base_url, $response->get_error_message() )
			);
		}
		$status  = (int) wp_remote_retrieve_response_code( $response );
		$decoded = json_decode( (string) wp_remote_retrieve_body( $response ), true );
		if ( $status >= 200 && $status < 300 ) {
			return is_array( $decoded ) ? $decoded : array();
		}
		return self::problem_error( $status, is_array( $decoded ) ? $decoded : array() );
	}

	/**
	 * A problem+json answer as a WP_Error: its detail (or title) with the status kept as data.
	 *
	 * @param int   $status  HTTP status.
	 * @param array $problem Decoded body.
	 * @return WP_Error
	 */
	public static function problem_error( $status, $problem ) {
		$type = isset( $problem['type'] ) ? (string) $problem['type'] : '';
		$slug = '' !== $type ? substr( $type, (int) strrpos( $type, '/' ) + 1 ) : 'http-' . $status;
		if ( 401 === $status ) {
			$message = __( 'Stoflow refused the site token: it was revoked or mistyped. Create a new one in Stoflow and save it here.', 'stoflow-for-woocommerce' );
		} elseif ( ! empty( $problem['detail'] ) ) {
			$message = (string) $problem['detail'];
		} elseif ( ! empty( $problem['title'] ) ) {
			$message = (string) $problem['title'];
		} else {
			/* translators: %d: HTTP status code. */
			$message = sprintf( __( 'Stoflow answered with an error (HTTP %d).', 'stoflow-for-woocommerce' ), $status );
		}
		return new WP_Error(
			'stoflow_' . $slug,
			$message,
			array(
				'status' => $status,
				'type'   => $type,
			)
		);
	}
}
