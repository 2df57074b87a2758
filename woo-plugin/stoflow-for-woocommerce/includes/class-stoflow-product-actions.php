<?php
/**
 * The metabox's actions on one product (admin-post.php, nonce per product, capability):
 * publish to Vinted, delist, and AI texts written into the product description.
 *
 * @package Stoflow
 */

defined( 'ABSPATH' ) || exit;

/**
 * Product actions.
 */
class Stoflow_Product_Actions {

	const ACTION  = 'stoflow_product';
	const AI_META = '_stoflow_ai_generation';

	/**
	 * Hooks the handler.
	 */
	public static function hook() {
		add_action( 'admin_post_' . self::ACTION, array( __CLASS__, 'handle' ) );
	}

	/**
	 * The link of one action on one product, with its nonce.
	 *
	 * @param int    $post_id Product id.
	 * @param string $what    publish, delist or ai.
	 * @return string
	 */
	public static function url( $post_id, $what ) {
		return wp_nonce_url(
			add_query_arg(
				array(
					'action' => self::ACTION,
					'do'     => $what,
					'post'   => absint( $post_id ),
				),
				admin_url( 'admin-post.php' )
			),
			self::ACTION . '_' . absint( $post_id )
		);
	}

	/**
	 * Runs the action, then back to the product with a notice.
	 */
	public static function handle() {
		$post_id = isset( $_GET['post'] ) ? absint( $_GET['post'] ) : 0; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- verified just below.
		check_admin_referer( self::ACTION . '_' . $post_id );
		if ( ! Stoflow_Plugin::user_can() || ! current_user_can( 'edit_post', $post_id ) || 'product' !== get_post_type( $post_id ) ) {
			wp_die( esc_html__( 'You are not allowed to manage Stoflow.', 'stoflow-for-woocommerce' ), '', array( 'response' => 403 ) );
		}
		$what   = isset( $_GET['do'] ) ? sanitize_key( wp_unslash( $_GET['do'] ) ) : '';
		$client = Stoflow_Engine_Client::from_settings();
		$path   = '/api/v1/site/products/' . $post_id;
		if ( 'publish' === $what ) {
			self::report( $client->post( $path . '/publish', array( 'platforms' => array( 'vinted' ) ) ), __( 'Queued for Vinted.', 'stoflow-for-woocommerce' ) );
		} elseif ( 'delist' === $what ) {
			self::report( $client->post( $path . '/delist', array() ), __( 'Being removed from the marketplaces.', 'stoflow-for-woocommerce' ) );
		} elseif ( 'ai' === $what ) {
			self::ai_texts( $client, $post_id );
		}
		wp_safe_redirect( get_edit_post_link( $post_id, 'url' ) );
		exit;
	}

	/**
	 * A notice for the answer: the product's Vinted state, or what went wrong.
	 *
	 * @param array|WP_Error $answer  The engine's answer.
	 * @param string         $success Text when queued.
	 */
	private static function report( $answer, $success ) {
		if ( is_wp_error( $answer ) ) {
			Stoflow_Notices::add_error( $answer );
			return;
		}
		$states = Stoflow_Listing_States::per_platform( $answer['listings'] );
		if ( isset( $states['vinted'] ) && 'draft' === $states['vinted']['state'] ) {
			Stoflow_Notices::add( 'warning', (string) $states['vinted']['error'] );
			return;
		}
		Stoflow_Notices::add( 'success', $success );
	}

	/**
	 * Asks for AI texts (or looks at the pending ones) and writes the description when ready.
	 *
	 * @param Stoflow_Engine_Client $client  Engine client.
	 * @param int                   $post_id Product id.
	 */
	private static function ai_texts( $client, $post_id ) {
		$pending    = (string) get_post_meta( $post_id, self::AI_META, true );
		$generation = '' !== $pending
			? $client->get( '/api/v1/site/ai-generations/' . rawurlencode( $pending ) )
			: $client->post( '/api/v1/site/products/' . $post_id . '/ai-texts', array() );
		if ( is_wp_error( $generation ) ) {
			delete_post_meta( $post_id, self::AI_META );
			Stoflow_Notices::add_error( $generation );
			return;
		}
		if ( 'pending' === $generation['status'] ) {
			update_post_meta( $post_id, self::AI_META, sanitize_text_field( $generation['id'] ) );
			Stoflow_Notices::add( 'info', __( 'The AI is writing the texts; check again in a few seconds.', 'stoflow-for-woocommerce' ) );
			return;
		}
		delete_post_meta( $post_id, self::AI_META );
		$text = $generation['texts']['ebay']['description'] ?? '';
		if ( 'failed' === $generation['status'] || '' === $text ) {
			Stoflow_Notices::add( 'error', $generation['error'] ?? __( 'The AI texts could not be written.', 'stoflow-for-woocommerce' ) );
			return;
		}
		wp_update_post(
			array(
				'ID'           => $post_id,
				'post_content' => wp_kses_post( wpautop( esc_html( $text ) ) ),
			)
		);
		Stoflow_Notices::add(
			'success',
			$generation['templateMade']
				? __( 'Description written from a template (no AI available on this plan or right now).', 'stoflow-for-woocommerce' )
				: __( 'Description written by AI.', 'stoflow-for-woocommerce' )
		);
	}
}
