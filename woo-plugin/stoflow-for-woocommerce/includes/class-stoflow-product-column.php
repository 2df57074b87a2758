<?php
/**
 * The Stoflow column of the products list (state per platform) and the bulk action
 * "Publish to Vinted".
 *
 * @package Stoflow
 */

defined( 'ABSPATH' ) || exit;

/**
 * Column and bulk action.
 */
class Stoflow_Product_Column {

	const BULK_ACTION = 'stoflow_publish_vinted';

	/**
	 * States of the listed products, fetched once per page: product id => listings.
	 *
	 * @var array<int, array>|null
	 */
	private static $states = null;

	/**
	 * Why the states could not be read, if they could not.
	 *
	 * @var WP_Error|null
	 */
	private static $error = null;

	/**
	 * Hooks the column and the bulk action.
	 */
	public static function hook() {
		add_filter( 'manage_edit-product_columns', array( __CLASS__, 'add_column' ), 20 );
		add_action( 'manage_product_posts_custom_column', array( __CLASS__, 'render_column' ), 10, 2 );
		add_filter( 'bulk_actions-edit-product', array( __CLASS__, 'add_bulk_action' ) );
		add_filter( 'handle_bulk_actions-edit-product', array( __CLASS__, 'handle_bulk_action' ), 10, 3 );
	}

	/**
	 * Adds the column (after the price when there is one).
	 *
	 * @param array $columns Columns.
	 * @return array
	 */
	public static function add_column( $columns ) {
		if ( ! Stoflow_Plugin::user_can() ) {
			return $columns;
		}
		$result = array();
		foreach ( $columns as $key => $label ) {
			$result[ $key ] = $label;
			if ( 'price' === $key ) {
				$result['stoflow'] = __( 'Stoflow', 'stoflow-for-woocommerce' );
			}
		}
		if ( ! isset( $result['stoflow'] ) ) {
			$result['stoflow'] = __( 'Stoflow', 'stoflow-for-woocommerce' );
		}
		return $result;
	}

	/**
	 * One cell: a badge per platform, "Not published" or why it could not be read.
	 *
	 * @param string $column  Column key.
	 * @param int    $post_id Product id.
	 */
	public static function render_column( $column, $post_id ) {
		if ( 'stoflow' !== $column ) {
			return;
		}
		self::load_states();
		if ( self::$error ) {
			echo '<span class="stoflow-muted" title="' . esc_attr( self::$error->get_error_message() ) . '">' . esc_html__( 'Unavailable', 'stoflow-for-woocommerce' ) . '</span>';
			return;
		}
		$platforms = Stoflow_Listing_States::per_platform( isset( self::$states[ $post_id ] ) ? self::$states[ $post_id ] : array() );
		if ( empty( $platforms ) ) {
			echo '<span class="stoflow-muted">' . esc_html__( 'Not published', 'stoflow-for-woocommerce' ) . '</span>';
			return;
		}
		foreach ( $platforms as $platform => $info ) {
			printf(
				'<span class="stoflow-badge stoflow-badge--%1$s" title="%2$s">%3$s: %4$s</span> ',
				esc_attr( Stoflow_Listing_States::tone( $info['state'] ) ),
				esc_attr( (string) $info['error'] ),
				esc_html( Stoflow_Listing_States::platform_label( $platform ) ),
				esc_html( Stoflow_Listing_States::state_label( $info['state'] ) )
			);
		}
	}

	/**
	 * Reads the states of every product on this page in one engine call.
	 */
	private static function load_states() {
		global $wp_query;
		if ( null !== self::$states || null !== self::$error ) {
			return;
		}
		self::$states = array();
		$ids          = array();
		foreach ( (array) ( $wp_query->posts ?? array() ) as $post ) {
			$ids[] = (int) ( is_object( $post ) ? $post->ID : $post );
		}
		$client = Stoflow_Engine_Client::from_settings();
		if ( empty( $ids ) || ! $client->is_configured() ) {
			return;
		}
		$answer = $client->get( '/api/v1/site/products?ids=' . rawurlencode( implode( ',', array_slice( $ids, 0, 200 ) ) ) );
		if ( is_wp_error( $answer ) ) {
			self::$error = $answer;
			return;
		}
		foreach ( (array) ( $answer['items'] ?? array() ) as $item ) {
			self::$states[ (int) $item['shopItemId'] ] = $item['listings'];
		}
	}

	/**
	 * Adds "Publish to Vinted" to the bulk actions.
	 *
	 * @param array $actions Bulk actions.
	 * @return array
	 */
	public static function add_bulk_action( $actions ) {
		if ( Stoflow_Plugin::user_can() ) {
			$actions[ self::BULK_ACTION ] = __( 'Publish to Vinted', 'stoflow-for-woocommerce' );
		}
		return $actions;
	}

	/**
	 * Queues the selected products on Vinted. WordPress checked the list's nonce (bulk-posts)
	 * before calling this; the capability is checked here.
	 *
	 * @param string $redirect Where WordPress goes next.
	 * @param string $action   The chosen bulk action.
	 * @param int[]  $post_ids Selected products.
	 * @return string
	 */
	public static function handle_bulk_action( $redirect, $action, $post_ids ) {
		if ( self::BULK_ACTION !== $action ) {
			return $redirect;
		}
		if ( ! Stoflow_Plugin::user_can() ) {
			wp_die( esc_html__( 'You are not allowed to manage Stoflow.', 'stoflow-for-woocommerce' ), '', array( 'response' => 403 ) );
		}
		$ids    = array_values( array_filter( array_map( 'absint', (array) $post_ids ) ) );
		$answer = Stoflow_Engine_Client::from_settings()->post(
			'/api/v1/site/products/publish',
			array(
				'shopItemIds' => array_map( 'strval', $ids ),
				'platforms'   => array( 'vinted' ),
			)
		);
		if ( is_wp_error( $answer ) ) {
			Stoflow_Notices::add_error( $answer );
			return $redirect;
		}
		$queued  = 0;
		$blocked = 0;
		foreach ( (array) $answer['items'] as $item ) {
			$states = Stoflow_Listing_States::per_platform( $item['listings'] );
			if ( isset( $states['vinted'] ) && 'draft' === $states['vinted']['state'] ) {
				++$blocked;
			} else {
				++$queued;
			}
		}
		if ( $queued > 0 ) {
			/* translators: %d: number of products. */
			Stoflow_Notices::add( 'success', sprintf( _n( '%d product queued for Vinted.', '%d products queued for Vinted.', $queued, 'stoflow-for-woocommerce' ), $queued ) );
		}
		if ( $blocked > 0 ) {
			/* translators: %d: number of products. */
			Stoflow_Notices::add( 'warning', sprintf( _n( '%d product is not ready for Vinted: open it to see what is missing.', '%d products are not ready for Vinted: open them to see what is missing.', $blocked, 'stoflow-for-woocommerce' ), $blocked ) );
		}
		$unknown = count( (array) $answer['unknown'] );
		if ( $unknown > 0 ) {
			/* translators: %d: number of products. */
			Stoflow_Notices::add( 'warning', sprintf( _n( '%d product is not in Stoflow yet (it will be after the next import).', '%d products are not in Stoflow yet (they will be after the next import).', $unknown, 'stoflow-for-woocommerce' ), $unknown ) );
		}
		return $redirect;
	}
}
