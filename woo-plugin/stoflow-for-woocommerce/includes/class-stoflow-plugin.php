<?php
/**
 * Wiring: hooks the plugin's parts once WordPress and WooCommerce are loaded.
 *
 * @package Stoflow
 */

defined( 'ABSPATH' ) || exit;

/**
 * Boot.
 */
class Stoflow_Plugin {

	const CAPABILITY = 'manage_woocommerce';

	/**
	 * Loads translations and hooks everything; without WooCommerce, only a notice.
	 */
	public static function boot() {
		load_plugin_textdomain( 'stoflow-for-woocommerce', false, dirname( plugin_basename( STOFLOW_PLUGIN_FILE ) ) . '/languages' );
		if ( ! class_exists( 'WooCommerce' ) ) {
			add_action( 'admin_notices', array( __CLASS__, 'woocommerce_missing_notice' ) );
			return;
		}
		add_action( 'admin_init', array( 'Stoflow_Settings', 'register' ) );
		add_action( 'admin_menu', array( 'Stoflow_Admin_Page', 'add_menu' ), 60 );
		add_action( 'admin_notices', array( 'Stoflow_Notices', 'render' ) );
		add_action( 'admin_enqueue_scripts', array( __CLASS__, 'enqueue_assets' ) );
		Stoflow_Admin_Actions::hook();
		Stoflow_Product_Column::hook();
		Stoflow_Product_Metabox::hook();
		Stoflow_Product_Actions::hook();
		add_filter( 'plugin_action_links_' . plugin_basename( STOFLOW_PLUGIN_FILE ), array( __CLASS__, 'action_links' ) );
	}

	/**
	 * Whether the current user may use Stoflow.
	 *
	 * @return bool
	 */
	public static function user_can() {
		return current_user_can( self::CAPABILITY );
	}

	/**
	 * Shown instead of everything when WooCommerce is not active.
	 */
	public static function woocommerce_missing_notice() {
		if ( ! current_user_can( 'activate_plugins' ) ) {
			return;
		}
		Stoflow_Notices::print_notice( 'error', __( 'Stoflow for WooCommerce requires WooCommerce: install and activate WooCommerce first.', 'stoflow-for-woocommerce' ) );
	}

	/**
	 * The stylesheet (and reload script) on Stoflow's page and on product screens.
	 *
	 * @param string $hook_suffix Current admin page.
	 */
	public static function enqueue_assets( $hook_suffix ) {
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		$ours   = 'woocommerce_page_stoflow' === $hook_suffix || ( $screen && 'product' === $screen->post_type );
		if ( ! $ours ) {
			return;
		}
		wp_enqueue_style( 'stoflow-admin', plugins_url( 'assets/admin.css', STOFLOW_PLUGIN_FILE ), array(), STOFLOW_VERSION );
		wp_enqueue_script( 'stoflow-admin', plugins_url( 'assets/admin.js', STOFLOW_PLUGIN_FILE ), array(), STOFLOW_VERSION, true );
	}

	/**
	 * A "Settings" link in the plugins list.
	 *
	 * @param array $links Existing links.
	 * @return array
	 */
	public static function action_links( $links ) {
		array_unshift( $links, sprintf( '<a href="%s">%s</a>', esc_url( Stoflow_Admin_Page::url() ), esc_html__( 'Settings', 'stoflow-for-woocommerce' ) ) );
		return $links;
	}
}
