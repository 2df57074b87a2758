import { definePreset } from "@primeuix/themes";
import Aura from "@primeuix/themes/aura";
import Button from "primevue/button";
import Card from "primevue/card";
import Chart from "primevue/chart";
import Checkbox from "primevue/checkbox";
import Column from "primevue/column";
import PrimeVue from "primevue/config";
import ConfirmationService from "primevue/confirmationservice";
import ConfirmDialog from "primevue/confirmdialog";
import DataTable from "primevue/datatable";
import Dialog from "primevue/dialog";
import Drawer from "primevue/drawer";
import IconField from "primevue/iconfield";
import InputIcon from "primevue/inputicon";
import InputNumber from "primevue/inputnumber";
import InputText from "primevue/inputtext";
import Message from "primevue/message";
import Password from "primevue/password";
import ProgressBar from "primevue/progressbar";
import ProgressSpinner from "primevue/progressspinner";
import Select from "primevue/select";
import SelectButton from "primevue/selectbutton";
import Skeleton from "primevue/skeleton";
import Step from "primevue/step";
import StepList from "primevue/steplist";
import StepPanel from "primevue/steppanel";
import StepPanels from "primevue/steppanels";
import Stepper from "primevue/stepper";
import Tag from "primevue/tag";
import Textarea from "primevue/textarea";
import Toast from "primevue/toast";
import ToastService from "primevue/toastservice";
import ToggleSwitch from "primevue/toggleswitch";
import Tooltip from "primevue/tooltip";
import type { App } from "vue";

/** Aura with Stoflow's teal as the primary colour. */
export const StoflowPreset = definePreset(Aura, {
  semantic: {
    primary: {
      50: "{teal.50}",
      100: "{teal.100}",
      200: "{teal.200}",
      300: "{teal.300}",
      400: "{teal.400}",
      500: "{teal.500}",
      600: "{teal.600}",
      700: "{teal.700}",
      800: "{teal.800}",
      900: "{teal.900}",
      950: "{teal.950}",
    },
  },
});

const components = {
  Button,
  Card,
  Chart,
  Checkbox,
  Column,
  ConfirmDialog,
  DataTable,
  Dialog,
  Drawer,
  IconField,
  InputIcon,
  InputNumber,
  InputText,
  Message,
  Password,
  ProgressBar,
  ProgressSpinner,
  Select,
  SelectButton,
  Skeleton,
  Step,
  StepList,
  StepPanel,
  StepPanels,
  Stepper,
  Tag,
  Textarea,
  Toast,
  ToggleSwitch,
};

/** PrimeVue, its services and the components the pages use, registered globally. */
export function installPrimeVue(app: App, options: { unstyled?: boolean } = {}): void {
  app.use(PrimeVue, {
    theme: options.unstyled
      ? "none"
      : { preset: StoflowPreset, options: { darkModeSelector: ".stoflow-dark" } },
  });
  app.use(ToastService);
  app.use(ConfirmationService);
  app.directive("tooltip", Tooltip);
  for (const [name, component] of Object.entries(components)) app.component(name, component);
}
