<?php
/**
 * WooCommerce → Stoflow: settings, connection, import progress, pairing code, plan and usage.
 *
 * @package Stoflow
 */

defined( 'ABSPATH' ) || exit;

/**
 * The admin page.
 */
class Stoflow_Admin_Page {

	const SLUG = 'stoflow';

	/**
	 * Adds the submenu under WooCommerce.
	 */
	public static function add_menu() {
		add_submenu_page(
			'woocommerce',
			__( 'Stoflow', 'stoflow-for-woocommerce' ),
			__( 'Stoflow', 'stoflow-for-woocommerce' ),
			Stoflow_Plugin::CAPABILITY,
			self::SLUG,
			array( __CLASS__, 'render' )
		);
	}

	/**
	 * The page's address.
	 *
	 * @param array $args Extra query arguments.
	 * @return string
	 */
	public static function url( $args = array() ) {
		return add_query_arg( array_merge( array( 'page' => self::SLUG ), $args ), admin_url( 'admin.php' ) );
	}

	/**
	 * Renders the page. Every engine failure becomes a notice; the page always renders.
	 */
	public static function render() {
		if ( ! Stoflow_Plugin::user_can() ) {
			wp_die( esc_html__( 'You are not allowed to manage Stoflow.', 'stoflow-for-woocommerce' ) );
		}
		$client = Stoflow_Engine_Client::from_settings();
		$status = $client->is_configured() ? $client->get( '/api/v1/site' ) : null;
		echo '<div class="wrap stoflow-page">';
		echo '<h1>' . esc_html__( 'Stoflow', 'stoflow-for-woocommerce' ) . '</h1>';
		settings_errors(); // Pages outside Settings print the Settings API's messages themselves.
		self::render_return_notice();
		if ( is_wp_error( $status ) ) {
			Stoflow_Notices::print_notice( 'error', $status->get_error_message() );
		}
		if ( is_array( $status ) && ! isset( $status['site'], $status['shop'], $status['plan'], $status['usage'] ) ) {
			Stoflow_Notices::print_notice( 'error', __( 'This address does not answer like Stoflow: check the Stoflow address.', 'stoflow-for-woocommerce' ) );
		} elseif ( is_array( $status ) ) {
			self::render_status( $status );
		}
		echo '<form method="post" action="' . esc_url( admin_url( 'options.php' ) ) . '">';
		settings_fields( Stoflow_Settings::GROUP );
		do_settings_sections( 'stoflow' );
		submit_button( __( 'Save', 'stoflow-for-woocommerce' ) );
		echo '</form>';
		echo '</div>';
	}

	/**
	 * What WooCommerce's approval page sent back (success=1 or 0).
	 */
	private static function render_return_notice() {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- read-only, set by WooCommerce's redirect.
		if ( ! isset( $_GET['success'] ) ) {
			return;
		}
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended
		if ( '1' === sanitize_text_field( wp_unslash( $_GET['success'] ) ) ) {
			Stoflow_Notices::print_notice( 'success', __( 'Store approved: Stoflow is importing your products.', 'stoflow-for-woocommerce' ) );
		} else {
			Stoflow_Notices::print_notice( 'warning', __( 'The access was not approved, so the store is not connected.', 'stoflow-for-woocommerce' ) );
		}
	}

	/**
	 * Connection, import, plan and usage, pairing code.
	 *
	 * @param array $status The engine's GET /api/v1/site answer.
	 */
	private static function render_status( $status ) {
		$source = isset( $status['source'] ) && is_array( $status['source'] ) ? $status['source'] : null;
		echo '<div class="stoflow-cards">';

		echo '<div class="stoflow-card stoflow-connection"><h2>' . esc_html__( 'Connection', 'stoflow-for-woocommerce' ) . '</h2>';
		printf(
			'<p>%s <strong>%s</strong></p>',
			esc_html__( 'Stoflow account:', 'stoflow-for-woocommerce' ),
			esc_html( isset( $status['shop']['name'] ) ? $status['shop']['name'] : '' )
		);
		if ( $source ) {
			printf(
				'<p class="stoflow-state stoflow-state--%1$s">%2$s</p>',
				esc_attr( 'connected' === $source['status'] ? 'ok' : 'bad' ),
				esc_html( 'connected' === $source['status'] ? __( 'Store connected', 'stoflow-for-woocommerce' ) : __( 'The store must be connected again', 'stoflow-for-woocommerce' ) )
			);
			/* translators: %d: number of webhooks. */
			echo '<p>' . esc_html( sprintf( _n( '%d webhook registered', '%d webhooks registered', (int) $source['webhooks'], 'stoflow-for-woocommerce' ), (int) $source['webhooks'] ) ) . '</p>';
			if ( ! empty( $source['lastError'] ) ) {
				echo '<p class="stoflow-error">' . esc_html( $source['lastError'] ) . '</p>';
			}
		} else {
			echo '<p class="stoflow-state stoflow-state--bad">' . esc_html__( 'This store is not connected yet.', 'stoflow-for-woocommerce' ) . '</p>';
		}
		self::action_button( 'stoflow_connect', $source ? __( 'Connect again', 'stoflow-for-woocommerce' ) : __( 'Connect this store', 'stoflow-for-woocommerce' ), $source ? 'secondary' : 'primary' );
		self::action_button( 'stoflow_disconnect', __( 'Disconnect', 'stoflow-for-woocommerce' ), 'link-delete' );
		echo '</div>';

		if ( $source ) {
			self::render_import( isset( $source['lastImport'] ) ? $source['lastImport'] : null );
		}
		self::render_usage( $status );
		self::render_pairing();
		echo '</div>';
	}

	/**
	 * The last import's progress.
	 *
	 * @param array|null $import The engine's lastImport.
	 */
	private static function render_import( $import ) {
		echo '<div class="stoflow-card stoflow-import"><h2>' . esc_html__( 'Import', 'stoflow-for-woocommerce' ) . '</h2>';
		if ( ! is_array( $import ) ) {
			echo '<p>' . esc_html__( 'No import yet.', 'stoflow-for-woocommerce' ) . '</p></div>';
			return;
		}
		$percent = Stoflow_Listing_States::import_percent( $import );
		$running = 'running' === $import['status'];
		printf(
			'<progress max="100" value="%1$s" %2$s></progress>',
			esc_attr( null === $percent ? 0 : $percent ),
			$running ? 'data-stoflow-reload="5"' : ''
		);
		printf(
			/* translators: 1: products imported, 2: total products or ?. */
			'<p>' . esc_html__( '%1$s of %2$s products imported', 'stoflow-for-woocommerce' ) . '</p>',
			esc_html( number_format_i18n( (int) $import['done'] ) ),
			esc_html( null === $import['total'] ? '?' : number_format_i18n( (int) $import['total'] ) )
		);
		$labels = array(
			'running'   => __( 'Importing…', 'stoflow-for-woocommerce' ),
			'succeeded' => __( 'Import finished', 'stoflow-for-woocommerce' ),
			'failed'    => __( 'Import failed', 'stoflow-for-woocommerce' ),
		);
		echo '<p><strong>' . esc_html( isset( $labels[ $import['status'] ] ) ? $labels[ $import['status'] ] : $import['status'] ) . '</strong></p>';
		if ( (int) $import['failed'] > 0 ) {
			/* translators: %d: number of products. */
			echo '<p class="stoflow-error">' . esc_html( sprintf( _n( '%d product could not be imported', '%d products could not be imported', (int) $import['failed'], 'stoflow-for-woocommerce' ), (int) $import['failed'] ) ) . '</p>';
		}
		echo '</div>';
	}

	/**
	 * Plan and this month's usage.
	 *
	 * @param array $status The engine's answer.
	 */
	private static function render_usage( $status ) {
		$usage = isset( $status['usage'] ) ? $status['usage'] : array();
		$of    = static function ( $used, $max ) {
			/* translators: 1: used, 2: allowed. */
			return null === $max ? number_format_i18n( (int) $used ) : sprintf( __( '%1$s of %2$s', 'stoflow-for-woocommerce' ), number_format_i18n( (int) $used ), number_format_i18n( (int) $max ) );
		};
		echo '<div class="stoflow-card stoflow-usage"><h2>' . esc_html__( 'Plan and usage', 'stoflow-for-woocommerce' ) . '</h2>';
		printf( '<p>%s <strong>%s</strong></p>', esc_html__( 'Plan:', 'stoflow-for-woocommerce' ), esc_html( isset( $status['plan']['name'] ) ? $status['plan']['name'] : '' ) );
		echo '<table class="widefat striped"><tbody>';
		$rows = array(
			__( 'Products', 'stoflow-for-woocommerce' )             => $of( $usage['products']['used'], $usage['products']['max'] ),
			__( 'Marketplaces', 'stoflow-for-woocommerce' )         => $of( $usage['platforms']['used'], $usage['platforms']['max'] ),
			__( 'Publications this month', 'stoflow-for-woocommerce' ) => $of( $usage['publications']['used'], $usage['publications']['included'] ),
			__( 'AI texts this month', 'stoflow-for-woocommerce' )  => $of( $usage['aiGenerations']['used'], $usage['aiGenerations']['max'] ),
		);
		foreach ( $rows as $label => $value ) {
			printf( '<tr><th scope="row">%s</th><td>%s</td></tr>', esc_html( $label ), esc_html( $value ) );
		}
		echo '</tbody></table></div>';
	}

	/**
	 * The browser extension's pairing code (made on demand, shown for its 10 minutes).
	 */
	private static function render_pairing() {
		echo '<div class="stoflow-card stoflow-pairing"><h2>' . esc_html__( 'Browser extension', 'stoflow-for-woocommerce' ) . '</h2>';
		echo '<p>' . esc_html__( 'The Stoflow extension connects your Vinted account. Type this code in the extension to pair it with your Stoflow account.', 'stoflow-for-woocommerce' ) . '</p>';
		$code = get_transient( 'stoflow_pairing_' . get_current_user_id() );
		if ( is_array( $code ) && ! empty( $code['code'] ) ) {
			printf( '<p class="stoflow-code">%s</p>', esc_html( $code['code'] ) );
			/* translators: %s: expiry time. */
			echo '<p class="description">' . esc_html( sprintf( __( 'Valid until %s, once.', 'stoflow-for-woocommerce' ), wp_date( get_option( 'time_format' ), strtotime( $code['expiresAt'] ) ) ) ) . '</p>';
		}
		self::action_button( 'stoflow_pairing_code', __( 'Get a pairing code', 'stoflow-for-woocommerce' ), 'secondary' );
		echo '</div>';
	}

	/**
	 * A button posting one admin-post action with its nonce.
	 *
	 * @param string $action Action name.
	 * @param string $label  Button text.
	 * @param string $style  primary, secondary or link-delete.
	 */
	private static function action_button( $action, $label, $style ) {
		echo '<form method="post" class="stoflow-inline-form" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">';
		echo '<input type="hidden" name="action" value="' . esc_attr( $action ) . '" />';
		wp_nonce_field( $action );
		if ( 'link-delete' === $style ) {
			echo '<button type="submit" class="button-link button-link-delete">' . esc_html( $label ) . '</button>';
		} else {
			submit_button( $label, $style, 'submit', false, array( 'id' => 'stoflow-' . $action ) );
		}
		echo '</form>';
	}
}
