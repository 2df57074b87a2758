<?php
/**
 * The Stoflow box on a product's edit screen: states per platform, the Vinted lint result,
 * and the actions (publish, delist, AI texts into the description).
 *
 * @package Stoflow
 */

defined( 'ABSPATH' ) || exit;

/**
 * Product metabox.
 */
class Stoflow_Product_Metabox {

	/**
	 * Hooks the box.
	 */
	public static function hook() {
		add_action( 'add_meta_boxes_product', array( __CLASS__, 'add' ) );
	}

	/**
	 * Adds the box in the side column.
	 */
	public static function add() {
		if ( Stoflow_Plugin::user_can() ) {
			add_meta_box( 'stoflow-product', __( 'Stoflow', 'stoflow-for-woocommerce' ), array( __CLASS__, 'render' ), 'product', 'side', 'default' );
		}
	}

	/**
	 * The box. Never fails the edit screen: what went wrong is said inside it.
	 *
	 * @param WP_Post $post The product.
	 */
	public static function render( $post ) {
		if ( 'auto-draft' === $post->post_status ) {
			echo '<p>' . esc_html__( 'Save the product first; Stoflow imports it in a moment.', 'stoflow-for-woocommerce' ) . '</p>';
			return;
		}
		$client = Stoflow_Engine_Client::from_settings();
		if ( ! $client->is_configured() ) {
			printf(
				'<p>%s <a href="%s">%s</a></p>',
				esc_html__( 'Stoflow is not set up yet.', 'stoflow-for-woocommerce' ),
				esc_url( Stoflow_Admin_Page::url() ),
				esc_html__( 'Set it up', 'stoflow-for-woocommerce' )
			);
			return;
		}
		$item = $client->get( '/api/v1/site/products/' . absint( $post->ID ) );
		if ( is_wp_error( $item ) ) {
			echo '<p class="stoflow-error">' . esc_html( $item->get_error_message() ) . '</p>';
			return;
		}
		self::render_states( $item );
		self::render_lint( isset( $item['lint'] ) ? $item['lint'] : array() );
		self::render_actions( $post->ID, $item );
	}

	/**
	 * State per platform, with the listing's link or error.
	 *
	 * @param array $item The engine's product.
	 */
	private static function render_states( $item ) {
		$platforms = Stoflow_Listing_States::per_platform( $item['listings'] );
		echo '<ul class="stoflow-platforms">';
		if ( empty( $platforms ) ) {
			echo '<li class="stoflow-muted">' . esc_html__( 'Not published anywhere yet.', 'stoflow-for-woocommerce' ) . '</li>';
		}
		foreach ( $platforms as $platform => $info ) {
			echo '<li>';
			printf(
				'<span class="stoflow-badge stoflow-badge--%1$s">%2$s: %3$s</span>',
				esc_attr( Stoflow_Listing_States::tone( $info['state'] ) ),
				esc_html( Stoflow_Listing_States::platform_label( $platform ) ),
				esc_html( Stoflow_Listing_States::state_label( $info['state'] ) )
			);
			if ( ! empty( $info['url'] ) ) {
				printf( ' <a href="%s" target="_blank" rel="noopener noreferrer">%s</a>', esc_url( $info['url'] ), esc_html__( 'View', 'stoflow-for-woocommerce' ) );
			}
			if ( ! empty( $info['error'] ) ) {
				echo '<br /><span class="stoflow-error">' . esc_html( $info['error'] ) . '</span>';
			}
			echo '</li>';
		}
		echo '</ul>';
	}

	/**
	 * The Vinted lint result: ready, or the errors, missing values and warnings.
	 *
	 * @param array $check The engine's ListingCheck.
	 */
	private static function render_lint( $check ) {
		echo '<div class="stoflow-lint"><h4>' . esc_html__( 'Ready for Vinted?', 'stoflow-for-woocommerce' ) . '</h4>';
		if ( ! empty( $check['ready'] ) ) {
			echo '<p class="stoflow-state stoflow-state--ok">' . esc_html__( 'Ready to publish.', 'stoflow-for-woocommerce' ) . '</p>';
		}
		$problems = array();
		foreach ( (array) ( $check['lint']['errors'] ?? array() ) as $issue ) {
			$problems[] = array( 'error', $issue['message'] );
		}
		foreach ( (array) ( $check['mapping']['missing'] ?? array() ) as $issue ) {
			$problems[] = array( 'error', $issue['message'] );
		}
		foreach ( (array) ( $check['lint']['warnings'] ?? array() ) as $issue ) {
			$problems[] = array( 'warning', $issue['message'] );
		}
		if ( ! empty( $problems ) ) {
			echo '<ul class="stoflow-lint-list">';
			foreach ( $problems as $problem ) {
				printf( '<li class="stoflow-lint--%1$s">%2$s</li>', esc_attr( $problem[0] ), esc_html( $problem[1] ) );
			}
			echo '</ul>';
		}
		echo '</div>';
	}

	/**
	 * Action links (GET with a nonce, as WordPress's own row actions: no form inside a form).
	 *
	 * @param int   $post_id Product id.
	 * @param array $item    The engine's product.
	 */
	private static function render_actions( $post_id, $item ) {
		$live = false;
		foreach ( $item['listings'] as $listing ) {
			$live = $live || in_array( $listing['state'], array( 'queued', 'published', 'error' ), true );
		}
		$pending = get_post_meta( $post_id, Stoflow_Product_Actions::AI_META, true );
		echo '<p class="stoflow-actions">';
		printf( '<a class="button button-primary" href="%s">%s</a> ', esc_url( Stoflow_Product_Actions::url( $post_id, 'publish' ) ), esc_html__( 'Publish to Vinted', 'stoflow-for-woocommerce' ) );
		if ( $live ) {
			printf( '<a class="button" href="%s">%s</a> ', esc_url( Stoflow_Product_Actions::url( $post_id, 'delist' ) ), esc_html__( 'Delist', 'stoflow-for-woocommerce' ) );
		}
		echo '</p><p>';
		printf(
			'<a class="button" href="%s">%s</a>',
			esc_url( Stoflow_Product_Actions::url( $post_id, 'ai' ) ),
			esc_html( $pending ? __( 'AI texts are being written: check again', 'stoflow-for-woocommerce' ) : __( 'Write the description with AI', 'stoflow-for-woocommerce' ) )
		);
		echo '</p><p class="description">' . esc_html__( 'The AI text replaces the product description; WooCommerce keeps the previous one in the revisions.', 'stoflow-for-woocommerce' ) . '</p>';
	}
}
