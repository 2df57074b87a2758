<?php
/**
 * Plugin Name:          Stoflow for WooCommerce
 * Plugin URI:           https://stoflow.app/woocommerce
 * Description:          Publish your WooCommerce products on Vinted and other marketplaces with Stoflow, write their texts with AI, and delist everywhere when one sells.
 * Version:              0.1.0
 * Requires at least:    6.4
 * Requires PHP:         7.4
 * Requires Plugins:     woocommerce
 * Author:               Stoflow
 * Author URI:           https://stoflow.app
 * License:              GPL-2.0-or-later
 * License URI:          https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:          stoflow-for-woocommerce
 * Domain Path:          /languages
 * WC requires at least: 8.0
 * WC tested up to:      9.4
 *
 * @package Stoflow
 */

defined( 'ABSPATH' ) || exit;

define( 'STOFLOW_VERSION', '0.1.0' );
define( 'STOFLOW_PLUGIN_FILE', __FILE__ );
define( 'STOFLOW_PLUGIN_DIR', plugin_dir_path( __FILE__ ) );

require_once STOFLOW_PLUGIN_DIR . 'includes/class-stoflow-settings.php';
require_once STOFLOW_PLUGIN_DIR . 'includes/class-stoflow-engine-client.php';
require_once STOFLOW_PLUGIN_DIR . 'includes/class-stoflow-notices.php';
require_once STOFLOW_PLUGIN_DIR . 'includes/class-stoflow-listing-states.php';
require_once STOFLOW_PLUGIN_DIR . 'includes/class-stoflow-admin-page.php';
require_once STOFLOW_PLUGIN_DIR . 'includes/class-stoflow-admin-actions.php';
require_once STOFLOW_PLUGIN_DIR . 'includes/class-stoflow-product-column.php';
require_once STOFLOW_PLUGIN_DIR . 'includes/class-stoflow-product-metabox.php';
require_once STOFLOW_PLUGIN_DIR . 'includes/class-stoflow-product-actions.php';
require_once STOFLOW_PLUGIN_DIR . 'includes/class-stoflow-plugin.php';

// WooCommerce's High-Performance Order Storage: the plugin never reads orders itself.
add_action(
	'before_woocommerce_init',
	static function () {
		if ( class_exists( \Automattic\WooCommerce\Utilities\FeaturesUtil::class ) ) {
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'custom_order_tables', __FILE__, true );
		}
	}
);

add_action( 'plugins_loaded', array( 'Stoflow_Plugin', 'boot' ) );
